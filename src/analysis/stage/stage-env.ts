// What is in effect when an instruction runs: the instructions before it in its image (its stage's, after
// those of the stages it builds FROM), the environment variables ENV and ARG set, the USER, the WORKDIR.
import { globalArgDefaults, stageChain, type DockerfileModel, type Instruction } from '../../dockerfile/index.js';

/** The non-FROM instructions before `instr` in its image, root stage first. */
export function chainBefore(model: DockerfileModel, instr: Instruction): Instruction[] {
  const stage = model.stages[instr.stage];
  if (!stage) return [];
  const own = stage.instructions.filter((i) => i.keyword !== 'FROM' && i.start < instr.start);
  return [...stageChain(model, stage).slice(0, -1).flatMap((s) => s.instructions.filter((i) => i.keyword !== 'FROM')), ...own];
}

export interface EnvSetting {
  instr: Instruction;
  /** The value as written (quotes removed); null for an ARG without a default of its own (it inherits the global one). */
  value: string | null;
}

/** The last ENV (in its image), or ARG with a value (in its stage), that sets `name` before `instr` runs; null when none does. */
export function envSetting(model: DockerfileModel, instr: Instruction, name: string): EnvSetting | null {
  let found: EnvSetting | null = null;
  const globals = globalArgDefaults(model);
  for (const i of chainBefore(model, instr)) {
    if (i.keyword === 'ENV') {
      if (i.args.length >= 2 && !i.args[0]!.includes('=')) {
        if (i.args[0] === name) found = { instr: i, value: i.args.slice(1).join(' ') };
        continue;
      }
      for (const a of i.args) if (a.startsWith(`${name}=`)) found = { instr: i, value: unquote(a.slice(name.length + 1)) };
    } else if (i.keyword === 'ARG' && i.stage === instr.stage) { // ARGs are not inherited by child stages
      for (const a of i.args) {
        if (a.startsWith(`${name}=`)) found = { instr: i, value: unquote(a.slice(name.length + 1)) };
        else if (a === name && (globals.get(name) ?? null) !== null) found = { instr: i, value: null };
      }
    }
  }
  return found;
}

/** The user RUN steps run as at `instr`, or null for root (no USER, `USER root`, `USER 0`). */
export function userAt(model: DockerfileModel, instr: Instruction): string | null {
  const users = chainBefore(model, instr).filter((i) => i.keyword === 'USER');
  const user = users[users.length - 1]?.args[0]?.split(':')[0];
  return user === undefined || user === 'root' || user === '0' ? null : user;
}

/** The base image's own WORKDIR, unknown to us: paths under it are written relative to this marker. */
export const BASE_WORKDIR = '/<base-workdir>';

/**
 * The working directory at `instr`, from the WORKDIRs before it (relative ones joined); BASE_WORKDIR when the
 * image's own applies; null when a WORKDIR holds a variable.
 */
export function workdirAt(model: DockerfileModel, instr: Instruction): string | null {
  let dir = BASE_WORKDIR;
  for (const i of chainBefore(model, instr)) {
    if (i.keyword !== 'WORKDIR') continue;
    const arg = unquote(i.argsText.trim());
    if (/\$/.test(arg)) return null;
    dir = joinPath(dir, arg);
  }
  return dir;
}

/** Posix join that resolves `.` and `..`; an absolute `p` replaces `dir`. */
export function joinPath(dir: string, p: string): string {
  const parts: string[] = [];
  for (const seg of (p.startsWith('/') ? p : `${dir}/${p}`).split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') parts.pop();
    else parts.push(seg);
  }
  return `/${parts.join('/')}`;
}

function unquote(v: string): string {
  return v.replace(/^"(.*)"$|^'(.*)'$/, '$1$2');
}
