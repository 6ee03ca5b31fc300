// Recommended packages the build itself needs: apt installs them by default, `--no-install-recommends` drops them,
// and a later build step then fails — gcc without libc6-dev compiles nothing that includes <stdio.h>, cmake without
// a compiler configures nothing, protoc without libprotobuf-dev cannot import google/protobuf/*.proto, gpg without
// dirmngr fetches no key, git without openssh-client clones no ssh URL, and pip may build an sdist with python3-pip's
// build-essential. In a builder stage — one the shipped image copies from, whose size nobody ships — dropping them buys
// build time only: where a later step needs them, or may, and nothing installs them explicitly, they stay (apt-hygiene
// keeps them and says why). In the shipped stages the size is worth the try; a build that fails there says so.
import { builtStages, finalStage, parseImageRef, stageChain, type DockerfileModel, type Instruction, type Stage } from '../../dockerfile/index.js';
import { aptInstallPackages, execFormCommands, simpleCommands, type SimpleCommand } from '../shell/shell.js';
import { chainBefore } from '../stage/stage-env.js';

interface Need {
  /** Installed packages whose recommends hold what the build needs. */
  packages: RegExp;
  /** What the recommends give; installed explicitly (or by the base image), any of these meets the need. */
  provides: string[];
  /** True when a later build step needs it, or may. */
  needed: (later: SimpleCommand[]) => boolean;
  why: string;
}

const COMPILERS = ['build-essential', 'gcc', 'g++', 'clang'];
const runs = (later: SimpleCommand[], ...names: string[]) => later.some((c) => names.includes(c.name));
const pipBuilds = (c: SimpleCommand) => /^pip[\d.]*$|^python[\d.]*$/.test(c.name) && c.words.includes('install');

const NEEDS: Need[] = [
  { packages: /^(gcc|g\+\+|clang|cc)(-\d+)?$/, provides: ['libc6-dev', 'libc-dev', 'build-essential'], needed: () => true, why: 'a compiler without libc6-dev (a recommends of gcc) compiles nothing that includes the C library headers' },
  { packages: /^cmake$/, provides: COMPILERS, needed: () => true, why: 'cmake without the compilers it recommends configures no C/C++ project' },
  { packages: /^protobuf-compiler$/, provides: ['libprotobuf-dev'], needed: (l) => runs(l, 'protoc'), why: 'protoc without libprotobuf-dev (a recommends) cannot import google/protobuf/*.proto' },
  { packages: /^(gnupg2?|gpg)$/, provides: ['dirmngr'], needed: (l) => l.some((c) => c.words.some((w) => /^--(recv-keys?|keyserver|fetch-keys?)/.test(w))), why: 'gpg fetches keys from a keyserver through dirmngr, a recommends' },
  { packages: /^git$/, provides: ['openssh-client'], needed: (l) => l.some((c) => c.words.some((w) => /^(git@|ssh:\/\/|git\+ssh:\/\/)/.test(w))), why: 'git clones ssh URLs through openssh-client, a recommends' },
  {
    packages: /^python3-pip$/, provides: [...COMPILERS, 'python3-dev'], needed: (l) => l.some(pipBuilds),
    why: 'a later pip install may build an sdist with python3-pip\'s recommends (build-essential, python3-dev)',
  },
];

/** Base images that come with compilers and the C library headers (buildpack-deps, the full python images, CUDA -devel). */
function baseHasCompilers(model: DockerfileModel, stage: Stage): boolean {
  const ref = parseImageRef(stageChain(model, stage)[0]!.baseImage);
  const name = ref.repository.replace(/^library\//, '');
  const tag = ref.tag ?? 'latest';
  return name === 'buildpack-deps' || (name === 'python' && !/slim|alpine/.test(tag)) || (/(^|\/)cuda$/.test(name) && /devel/.test(tag));
}

/**
 * Why the recommends of an `apt-get install` of `packages` (at `instr`) must stay, or null: not a builder stage, or
 * no later step needs them. Later steps: the RUNs after it in its stage and in the stages built on it.
 */
export function recommendsNeeded(model: DockerfileModel, instr: Instruction, packages: string[]): string | null {
  const stage = model.stages[instr.stage];
  if (!stage || stageChain(model, finalStage(model)).includes(stage) || !builtStages(model).includes(stage)) return null;
  const later = laterCommands(model, stage, instr);
  const before = chainBefore(model, instr).filter((i) => i.keyword === 'RUN').flatMap(commandsOf).flatMap(aptInstallPackages);
  const installed = new Set([...before, ...packages, ...later.flatMap(aptInstallPackages)]);
  const compilers = baseHasCompilers(model, stage);
  for (const need of NEEDS) {
    const pkg = packages.find((p) => need.packages.test(p));
    if (pkg === undefined || need.provides.some((x) => installed.has(x)) || (compilers && need.provides.includes('build-essential'))) continue;
    if (need.needed(later)) return `${pkg} in builder stage ${stage.name ?? stage.index}: ${need.why}`;
  }
  return null;
}

/** Commands of the RUNs after `instr` in its stage, and of the stages that build FROM it. */
function laterCommands(model: DockerfileModel, stage: Stage, instr: Instruction): SimpleCommand[] {
  const children = model.stages.filter((s) => s.index > stage.index && stageChain(model, s).includes(stage));
  const runs = [...stage.instructions.filter((i) => i.start > instr.start), ...children.flatMap((s) => s.instructions)].filter((i) => i.keyword === 'RUN');
  return runs.flatMap(commandsOf);
}

function commandsOf(i: Instruction): SimpleCommand[] {
  return i.jsonForm ? execFormCommands(i.args) : simpleCommands(i.argsText);
}
