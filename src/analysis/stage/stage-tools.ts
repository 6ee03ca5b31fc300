// Which tools a stage runs (RUN, and at run time CMD/ENTRYPOINT/HEALTHCHECK) and which it installs with
// apt: what base-slim needs to know when the full base's extra tools (buildpack-deps' curl/scm/full
// layers, which python's full image is built on) go away.
import { parseJsonArray } from '../../dockerfile/index.js';
import type { Instruction, Stage } from '../../dockerfile/index.js';
import { aptInstallPackages, execFormCommands, isPipInstall, simpleCommands, type SimpleCommand } from '../shell/shell.js';
import type { ToolTier } from '../images/slim-sibling.js';

export interface StageCommand {
  cmd: SimpleCommand;
  instr: Instruction;
  /** Runs when the container runs (CMD, ENTRYPOINT, HEALTHCHECK), after every build step. */
  runtime: boolean;
}

/** Tools the full images have and slim ones lack, that a stage can install again with apt. */
const TOOLS: Record<string, { pkg: string; tier: ToolTier }> = {
  curl: { pkg: 'curl', tier: 'curl' },
  wget: { pkg: 'wget', tier: 'curl' },
  gpg: { pkg: 'gnupg', tier: 'curl' },
  git: { pkg: 'git', tier: 'scm' },
  ssh: { pkg: 'openssh-client', tier: 'scm' },
  scp: { pkg: 'openssh-client', tier: 'scm' },
  hg: { pkg: 'mercurial', tier: 'scm' },
  svn: { pkg: 'subversion', tier: 'scm' },
  ps: { pkg: 'procps', tier: 'scm' },
  unzip: { pkg: 'unzip', tier: 'full' },
  xz: { pkg: 'xz-utils', tier: 'full' },
  bzip2: { pkg: 'bzip2', tier: 'full' },
  patch: { pkg: 'patch', tier: 'full' },
};
const COMPILERS = new Set(['gcc', 'g++', 'cc', 'c++', 'make', 'configure', 'autoreconf', 'autoconf', 'automake']);
const COMPILER_PACKAGES = new Set(['build-essential', 'gcc', 'g++', 'make', 'clang']);
const TIER_ORDER: ToolTier[] = ['curl', 'scm', 'full'];
const HEREDOC_TOKEN = /(?<=^|\s)\d*<<-?(?!<)\S+/g;

export interface LostTools {
  /** Packages to install again (ca-certificates not included), with the lines that use them. */
  missing: { pkg: string; lines: number[] }[];
  /** Lines that run a compiler or make without installing one. */
  compilerUses: number[];
  /** Lines that install compilers themselves. */
  compilerInstalls: number[];
  /** Lines that pip-install while no compiler is installed before them. */
  pipInstalls: number[];
}

export function lostTools(stage: Stage, lost: ToolTier): LostTools {
  const commands = stageCommands(stage);
  const installs = commands.flatMap((c) => aptInstallPackages(c.cmd).map((pkg) => ({ pkg, instr: c.instr })));
  const installedFor = (pkgs: Set<string>, c: StageCommand) => installs.some((i) => pkgs.has(i.pkg) && (c.runtime || i.instr.start <= c.instr.start));
  const missing = new Map<string, Set<number>>();
  const result: LostTools = { missing: [], compilerUses: [], compilerInstalls: [], pipInstalls: [] };
  for (const c of commands) {
    const tool = TOOLS[c.cmd.name];
    if (tool && covers(lost, tool.tier) && !installedFor(new Set([tool.pkg]), c)) {
      missing.set(tool.pkg, (missing.get(tool.pkg) ?? new Set()).add(c.instr.line));
    }
    if (lost !== 'full') continue;
    if (COMPILERS.has(c.cmd.name) && !installedFor(COMPILER_PACKAGES, c)) result.compilerUses.push(c.instr.line);
    if (aptInstallPackages(c.cmd).some((p) => COMPILER_PACKAGES.has(p))) result.compilerInstalls.push(c.instr.line);
    if (isPipInstall(c.cmd) && mayBuildFromSource(c.cmd) && !installedFor(COMPILER_PACKAGES, c)) result.pipInstalls.push(c.instr.line);
  }
  result.missing = [...missing].map(([pkg, lines]) => ({ pkg, lines: [...lines] }));
  result.compilerUses = unique(result.compilerUses);
  result.compilerInstalls = unique(result.compilerInstalls);
  result.pipInstalls = unique(result.pipInstalls);
  return result;
}

/** False for pip installs that take wheels only: `--no-index`, `--only-binary :all:`, or nothing but .whl files. */
function mayBuildFromSource(cmd: SimpleCommand): boolean {
  const w = cmd.words;
  const onlyBinary = w.some((x, i) => x === '--only-binary=:all:' || (x === '--only-binary' && w[i + 1] === ':all:'));
  if (onlyBinary || w.includes('--no-index')) return false;
  const targets = w.slice(w.indexOf('install') + 1).filter((x) => !x.startsWith('-'));
  return !(targets.length > 0 && targets.every((t) => t.endsWith('.whl')));
}

/** The simple commands a stage runs, in file order. */
export function stageCommands(stage: Stage): StageCommand[] {
  const out: StageCommand[] = [];
  for (const instr of stage.instructions) {
    const runtime = instr.keyword !== 'RUN';
    for (const cmd of instructionCommands(instr)) out.push({ cmd, instr, runtime });
  }
  return out;
}

function instructionCommands(instr: Instruction): SimpleCommand[] {
  switch (instr.keyword) {
    case 'RUN': {
      const line = instr.argsText.replace(HEREDOC_TOKEN, ' ');
      const commands = instr.jsonForm ? execFormCommands(instr.args) : simpleCommands(line);
      const scripts = heredocIsScript(line, commands) ? instr.heredocs : [];
      return [...commands, ...scripts.flatMap((h) => simpleCommands(h.body))];
    }
    case 'CMD':
    case 'ENTRYPOINT':
      return instr.jsonForm ? execFormCommands(instr.args) : simpleCommands(instr.argsText);
    case 'HEALTHCHECK': {
      const m = /^CMD\s+([\s\S]*)$/i.exec(instr.argsText);
      if (!m) return [];
      const json = parseJsonArray(m[1]!);
      return json ? execFormCommands(json) : simpleCommands(m[1]!);
    }
    default:
      return [];
  }
}

/**
 * Whether a RUN's heredocs are shell scripts: `RUN <<EOF` (nothing but heredocs: BuildKit runs the body) or
 * `RUN bash <<EOF` (a shell reads it); not `RUN cat <<EOF > file` or `RUN python3 <<EOF`.
 */
function heredocIsScript(lineWithoutHeredocs: string, commands: SimpleCommand[]): boolean {
  if (lineWithoutHeredocs.trim() === '') return true;
  const first = commands[0];
  return first !== undefined && ['sh', 'bash', 'dash'].includes(first.name) && !first.words.includes('-c');
}


function covers(lost: ToolTier, tier: ToolTier): boolean {
  return TIER_ORDER.indexOf(tier) <= TIER_ORDER.indexOf(lost);
}

function unique(lines: number[]): number[] {
  return [...new Set(lines)];
}
