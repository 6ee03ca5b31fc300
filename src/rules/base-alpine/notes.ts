// What base-alpine adds and warns about beyond the apt translation: the tools the stage uses that Alpine lacks
// (bash, shadow for useradd, the old full base's extras) in a RUN after FROM, and what may still break on musl.
import { formatImageRef, insertAfter, type DockerfileModel, type Stage, type TextEdit } from '../../dockerfile/index.js';
import { apkNames } from '../../analysis/packages/apk-names.js';
import { glibcTrees, isGlibc, stageTakes } from '../../analysis/packages/glibc-copies.js';
import { pipInstalls } from '../../analysis/python/pip-args.js';
import { lines } from '../../analysis/python/pip.js';
import { lostTools, stageCommands } from '../../analysis/stage/stage-tools.js';
import type { Project } from '../types.js';
import type { AlpineTarget } from './target.js';

/** Tools busybox provides on Alpine (no package needed). */
const BUSYBOX = new Set(['wget', 'unzip', 'ps', 'patch']);
const SHADOW = new Set(['useradd', 'groupadd', 'usermod', 'userdel', 'groupmod', 'chpasswd', 'gpasswd']);
/** Paths that hold binaries or shared libraries (a frontend build or a config file does not depend on the libc). */
const BINARIES = /(^|\/)(s?bin|lib(64|exec)?)(\/|$)|\.so(\.\d+)*$|^\/opt\//;
/** Images whose binaries are static (musl or no libc): copying them is fine. */
const STATIC_IMAGES = /(^|\/)astral-sh\/uv(:|@|$)/;

/** Adds, in a RUN right after FROM, the tools the stage uses that Alpine lacks: bash, shadow (useradd …), and the old base's extras. */
export function addTools(model: DockerfileModel, stage: Stage, target: AlpineTarget, installed: Set<string>, edits: TextEdit[], notes: string[]): void {
  const commands = stageCommands(model, stage);
  const shell = stage.instructions.find((i) => i.keyword === 'SHELL' && i.args.some((a) => /(^|\/)bash"?,?$/.test(a)));
  const need = new Map<string, number[]>();
  const add = (pkg: string, line: number) => need.set(pkg, [...(need.get(pkg) ?? []), line]);
  for (const c of commands) {
    if (c.cmd.name === 'bash') add('bash', c.instr.line);
    if (SHADOW.has(c.cmd.name)) add('shadow', c.instr.line);
  }
  if (shell) add('bash', shell.line);
  if (target.lost !== null) {
    const lost = lostTools(model, stage, target.lost);
    for (const m of lost.missing) {
      if (BUSYBOX.has(m.pkg)) continue;
      for (const n of apkNames(m.pkg).names) for (const l of m.lines) add(n, l);
    }
    for (const l of lost.compilerUses) add('build-base', l);
  }
  for (const pkg of installed) need.delete(pkg);
  if (need.size === 0) return;
  edits.push(insertAfter(stage.from, `RUN apk add --no-cache ${[...need.keys()].join(' ')}`));
  const uses = [...need].map(([pkg, ls]) => `${pkg} (${lines(ls)})`).join(', ');
  notes.push(`${formatImageRef(target.image)} lacks tools the stage uses: added a RUN after line ${stage.from.endLine} installing ${uses}`);
}

/** Warnings that do not block: source builds of packages without musllinux wheels, binaries taken from glibc stages or images. */
export function muslNotes(p: Project, stage: Stage, target: AlpineTarget, installed: Set<string>): string[] {
  const model = p.dockerfile;
  const notes: string[] = [];
  const installs = pipInstalls(model, p.files, p.contextPaths, [stage]);
  if (installs.length > 0 && !installed.has('build-base')) {
    notes.push(`pip install on ${lines(installs.map((i) => i.script.instr.line))}: packages without a musllinux wheel compile from source on Alpine; add build-base and their -dev packages if a build fails`);
  }
  const trees = new Set(glibcTrees(model, stage).map((t) => t.instr));
  const binaries = stageTakes(model, stage).filter((t) => !trees.has(t.instr) && BINARIES.test(t.source)
    && (t.from ? isGlibc(model, t.from) : !STATIC_IMAGES.test(t.instr.flags.find((f) => f.name === 'from')?.value ?? '')));
  if (binaries.length) {
    const shown = [...new Set(binaries.map((t) => `${t.source} (line ${t.instr.line})`))].join(', ');
    notes.push(`taken from glibc stages or images: ${shown}: binaries among them built against glibc do not run on ${formatImageRef(target.image)}`);
  }
  return notes;
}
