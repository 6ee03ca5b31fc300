// What the image runs, as commands: CMD, ENTRYPOINT and HEALTHCHECK (at run time) and RUN (at build time) in the
// stages the build runs, read through `sh -c "…"`, launchers (tini, gosu, `poetry run`, `conda run` …) and the
// scripts they start when those are context files dflab read (docker-entrypoint.sh, start.sh). Python code the
// build runs is read for its imports: `python -c "…"`, `python -m X`, `python script.py` (a read context file),
// `python <<EOF` heredocs.
import { stageChain, type Instruction, type Stage } from '../../dockerfile/index.js';
import type { Project } from '../project.js';
import { instructionCommands } from '../shell/run-script.js';
import { simpleCommands, type SimpleCommand } from '../shell/shell.js';
import { copyEntries, fromContext } from '../stage/copy-sources.js';
import { resolveContextFile } from './pip-args.js';

export interface CommandRun {
  cmd: SimpleCommand;
  instr: Instruction;
  /** CMD, ENTRYPOINT, HEALTHCHECK: runs in the container; RUN: a build step. */
  runtime: boolean;
  /** The context script it was read from (entry scripts), or null when written in the Dockerfile. */
  script: string | null;
}

/** Launchers whose arguments hold the real command, and how many option-less words they take first. */
const LAUNCHERS: Record<string, number> = { tini: 0, 'dumb-init': 0, gosu: 1, 'su-exec': 1, chpst: 0, xvfb: 0, 'xvfb-run': 0, catatonit: 0 };
const RUNNERS = new Set(['poetry', 'pipenv', 'uv', 'pdm', 'hatch', 'conda', 'mamba', 'micromamba', 'rye']);
/** Options of `conda run`/`uv run` … that take a value. */
const RUNNER_VALUE = new Set(['-n', '--name', '-p', '--prefix', '--with', '--python', '--group', '--extra', '--package', '-e', '--env']);
const MAX_DEPTH = 3;

export function commandsRun(p: Project, stages: Stage[]): CommandRun[] {
  const out: CommandRun[] = [];
  for (const stage of stages) {
    for (const instr of stage.instructions) {
      const runtime = instr.keyword !== 'RUN';
      for (const cmd of instructionCommands(p.dockerfile, instr)) expand(p, instr, runtime, cmd, null, 0, out);
    }
  }
  return out;
}

function expand(p: Project, instr: Instruction, runtime: boolean, cmd: SimpleCommand, script: string | null, depth: number, out: CommandRun[]): void {
  out.push({ cmd, instr, runtime, script });
  if (depth >= MAX_DEPTH) return;
  const inner = innerCommand(cmd);
  if (inner) {
    expand(p, instr, runtime, inner, script, depth + 1, out);
    return;
  }
  const w = cmd.words;
  const shellC = /^(ba|da|z)?sh$/.test(cmd.name) ? w.findIndex((x, i) => i > 0 && /^-[a-z]*c[a-z]*$/.test(x)) : -1;
  if (shellC !== -1 && w[shellC + 1] !== undefined) {
    for (const c of simpleCommands(w[shellC + 1]!)) expand(p, instr, runtime, c, script, depth + 1, out);
    return;
  }
  const file = /^(ba|da)?sh$/.test(cmd.name) && w[1] && !w[1].startsWith('-') ? w[1] : w[0]!;
  const path = scriptPath(p, instr, file);
  const text = path === null ? undefined : p.files[path];
  if (path !== null && text !== undefined && !path.endsWith('.py')) {
    for (const c of simpleCommands(text)) expand(p, instr, runtime, c, path, depth + 1, out);
  }
}

/** Directories a command name is looked up in (PATH of the official images). */
const PATH_DIRS = ['/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin'];

/**
 * The context file a command or script argument runs: a path (`./start.sh`, `/entrypoint.sh`, relative to the
 * WORKDIR), or a bare name a context COPY put in a PATH directory (`docker-entrypoint.sh` in /usr/local/bin). Null
 * when it is no context file dflab knows.
 */
export function scriptPath(p: Project, instr: Instruction, arg: string): string | null {
  if (arg.includes('/')) return resolveContextFile(p.dockerfile, instr, arg, p.files, p.contextPaths);
  const stage = p.dockerfile.stages[instr.stage];
  if (!stage) return null;
  let found: string | null = null;
  for (const s of stageChain(p.dockerfile, stage)) {
    for (const c of s.instructions.filter((i) => fromContext(i) && (i.stage !== instr.stage || i.start < instr.start))) {
      const hit = (copyEntries(p.dockerfile, c, p.contextPaths) ?? []).find((e) => PATH_DIRS.some((d) => e.image === `${d}/${arg}`));
      if (hit) found = hit.ctx;
    }
  }
  return found;
}

/** The command a launcher runs: `tini -- x`, `gosu app x`, `poetry run x`, `conda run -n env x`, `exec x` (shell.ts strips exec). */
function innerCommand(cmd: SimpleCommand): SimpleCommand | null {
  const w = cmd.words;
  let i: number;
  if (cmd.name in LAUNCHERS) {
    i = 1;
    while (w[i]?.startsWith('-')) if (w[i++] === '--') break;
    i += LAUNCHERS[cmd.name]!;
  } else if (RUNNERS.has(cmd.name) && w[1] === 'run') {
    i = 2;
    while (w[i]?.startsWith('-')) i += RUNNER_VALUE.has(w[i]!) ? 2 : 1;
  } else return null;
  const rest = w.slice(i);
  if (rest.length === 0) return null;
  return simpleCommands(rest.map(quote).join(' '))[0] ?? null;
}

/** The top-level modules Python code imports (`import a.b, c`, `from d.e import f`; relative imports left out). */
export function pythonImports(code: string): string[] {
  const out = new Set<string>();
  for (const m of code.matchAll(/(?:^|[;\n])\s*import\s+([\w.]+(?:\s+as\s+\w+)?(?:\s*,\s*[\w.]+(?:\s+as\s+\w+)?)*)/g)) {
    for (const part of m[1]!.split(',')) out.add(part.trim().split(/[.\s]/)[0]!);
  }
  for (const m of code.matchAll(/(?:^|[;\n])\s*from\s+([\w][\w.]*)\s+import\b/g)) out.add(m[1]!.split('.')[0]!);
  return [...out];
}

/** Modules a build step's Python imports: `python -c CODE`, `python -m X`, `python file.py` (read), `python <<EOF`. */
export function buildStepImports(p: Project, runs: CommandRun[]): { module: string; line: number }[] {
  const out: { module: string; line: number }[] = [];
  for (const r of runs) {
    if (!/^python[\d.]*$/.test(r.cmd.name)) continue;
    const w = r.cmd.words;
    const line = r.instr.line;
    const c = w.indexOf('-c');
    const m = w.findIndex((x) => x === '-m' || /^-m\S/.test(x));
    if (c !== -1 && w[c + 1] !== undefined) out.push(...pythonImports(w[c + 1]!).map((module) => ({ module, line })));
    else if (m !== -1) out.push({ module: (w[m] === '-m' ? w[m + 1] ?? '' : w[m]!.slice(2)).split('.')[0]!, line });
    else {
      const file = w.slice(1).find((x) => !x.startsWith('-'));
      const path = file ? resolveContextFile(p.dockerfile, r.instr, file, p.files, p.contextPaths) : null;
      if (path !== null && p.files[path] !== undefined) out.push(...pythonImports(p.files[path]!).map((module) => ({ module, line })));
      else if (file === undefined && r.instr.heredocs.length > 0) out.push(...r.instr.heredocs.flatMap((h) => pythonImports(h.body)).map((module) => ({ module, line })));
      if (file !== undefined && /(^|\/)manage\.py$/.test(file)) out.push({ module: 'django', line });
    }
  }
  return out.filter((x) => /^[A-Za-z_]\w*$/.test(x.module));
}

function quote(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, "'\\''")}'`;
}

