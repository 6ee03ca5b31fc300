// What an install command sees of its environment: the ENV and ARG values before it (with their $VARs read), what
// its RUN set before it (`export X=…`, `. /opt/venv/bin/activate`, `conda activate env`, `cd dir`), the
// assignments written in front of it (`POETRY_VIRTUALENVS_CREATE=false poetry install`), its directory and user.
import { globalArgDefaults, expandVariables, type DockerfileModel, type Instruction } from '../../dockerfile/index.js';
import type { RunCommand, RunScript } from '../shell/run-script.js';
import { chainBefore, joinPath, userAt, workdirAt } from '../stage/stage-env.js';

/** The base image's own PATH, which dflab does not know: it holds the system's bin directories (and the image's own). */
export const BASE_PATH = '<base-path>';

export interface CommandEnv {
  /** A variable's value; undefined when unset, null when set to something dflab cannot read ($(…), unknown variables). */
  get(name: string): string | null | undefined;
  /** The working directory (an absolute path, BASE_WORKDIR-relative, or null when unknown). */
  cwd: string | null;
  /** The user the command runs as; null for root. */
  user: string | null;
  /** A conda env activated earlier in the RUN (`conda activate NAME`), as written. */
  condaActivated: string | null;
}

type Vars = Map<string, string | null>;

/** The environment of `cmd` (a command of `script`), or of an exec-form RUN when both are null. */
export function commandEnv(model: DockerfileModel, instr: Instruction, script: RunScript | null, cmd: RunCommand | null): CommandEnv {
  const vars = instructionVars(model, instr);
  let cwd = workdirAt(model, instr);
  let condaActivated: string | null = null;
  const before = script && cmd ? script.commands.slice(0, script.commands.indexOf(cmd)) : [];
  for (const c of before) {
    const w = c.words;
    if (c.name === 'export') for (const a of w.slice(1)) assign(vars, a);
    else if ((c.name === '.' || c.name === 'source') && /\/bin\/activate$/.test(w[1] ?? '')) activateVenv(vars, w[1]!.replace(/\/bin\/activate$/, ''), cwd);
    else if (/^(conda|mamba|micromamba)$/.test(c.name) && w[1] === 'activate') condaActivated = w[2] ?? 'base';
    else if (c.name === 'cd') cwd = w[1] === undefined || w[1].includes('$') || cwd === null ? null : joinPath(cwd, w[1]);
  }
  if (cmd) for (const p of cmd.prefix) assign(vars, p.text);
  return { get: (name) => vars.get(name), cwd, user: userAt(model, instr), condaActivated };
}

/** True for a value that turns a boolean setting on (1, true, yes, on). */
export function truthy(v: string | null | undefined): boolean {
  return v !== undefined && v !== null && /^(1|true|yes|on)$/i.test(v.trim());
}

/** True for a value that turns a boolean setting off (0, false, no, off). */
export function falsy(v: string | null | undefined): boolean {
  return v !== undefined && v !== null && /^(0|false|no|off)$/i.test(v.trim());
}

/** The directories of a PATH value, first first ($PATH of the base image read as BASE_PATH). */
export function pathDirs(path: string | null | undefined): string[] {
  return (path ?? BASE_PATH).split(':').filter((d) => d !== '').map((d) => (d === BASE_PATH ? d : d.replace(/\/+$/, '') || '/'));
}

/** The home directory of a user: /root for root, /home/NAME otherwise (what useradd -m makes), unless HOME is set. */
export function homeOf(env: CommandEnv): string | null {
  const home = env.get('HOME');
  if (home !== undefined) return home;
  return env.user === null ? '/root' : /^\d+$/.test(env.user) ? null : `/home/${env.user}`;
}

/** An absolute path for `p` read in `cwd`; null when that cannot be known. */
export function absolutePath(p: string, cwd: string | null): string | null {
  if (p.includes('$')) return null;
  if (p.startsWith('/')) return joinPath('/', p);
  return cwd === null || cwd.startsWith('/<') ? null : joinPath(cwd, p);
}

/** The variables ENV and ARG set before `instr` in its image, each value read with those before it. */
function instructionVars(model: DockerfileModel, instr: Instruction): Vars {
  const globals = globalArgDefaults(model);
  const vars: Vars = new Map([['PATH', BASE_PATH]]);
  for (const i of chainBefore(model, instr)) {
    if (i.keyword === 'ENV') {
      const words = splitWords(i.argsText);
      if (words.length >= 2 && !words[0]!.includes('=')) assign(vars, `${words[0]}=${words.slice(1).join(' ')}`, new Map(vars));
      else {
        const at = new Map(vars); // ENV A=1 B=$A reads A as it was before the instruction
        for (const w of words) assign(vars, w, at);
      }
    } else if (i.keyword === 'ARG' && i.stage === instr.stage) {
      for (const w of splitWords(i.argsText)) {
        if (w.includes('=')) assign(vars, w);
        else if (globals.get(w) !== undefined && globals.get(w) !== null) vars.set(w, globals.get(w)!);
      }
    }
  }
  return vars;
}

/** `NAME=value` (quotes removed) into vars, the value's $VARs read with `from`; not an assignment: ignored. */
function assign(vars: Vars, word: string, from: Vars = vars): void {
  const m = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s.exec(word);
  if (!m) return;
  const raw = unquote(m[2]!);
  if (/\$\(|`/.test(raw)) {
    vars.set(m[1]!, null);
    return;
  }
  const e = expandVariables(raw, from);
  vars.set(m[1]!, 'value' in e ? e.value : null);
}

function activateVenv(vars: Vars, dir: string, cwd: string | null): void {
  const venv = absolutePath(dir, cwd);
  vars.set('VIRTUAL_ENV', venv);
  vars.set('PATH', venv === null ? null : `${venv}/bin:${vars.get('PATH') ?? BASE_PATH}`);
}

function splitWords(text: string): string[] {
  return text.match(/(?:[^\s"']+|"(?:\\.|[^"\\])*"?|'[^']*'?)+/g) ?? [];
}

function unquote(value: string): string {
  return value.replace(/"((?:\\.|[^"\\])*)"|'([^']*)'/g, (_m, dq: string | undefined, sq: string | undefined) => sq ?? dq!.replace(/\\(.)/g, '$1'));
}
