// What prune-requirements keeps and drops, one distribution at a time, and the record of both for the notes.
// With an import analysis, everything outside the app's import closure goes; without one, only the fixed list of
// dev/test/notebook tools — or, in a group its manifest declares dev-only, anything an app would not import.
// Never dropped: prune.keep, and what the image runs or its build imports (class 8 of issue 11).
import type { Instruction } from '../../dockerfile/index.js';
import { runScript } from '../../analysis/shell/run-script.js';
import { isDevTool } from '../../analysis/python/python-packages.js';
import type { ImportAnalysis } from '../types.js';

/** Loaded by name (a database URL, a worker class, a server's event loop), so import analysis never sees them. */
const LOADED_BY_NAME = new Set([
  'psycopg2', 'psycopg2-binary', 'psycopg', 'psycopg-binary', 'pymysql', 'mysqlclient', 'mysql-connector-python', 'cx-oracle',
  'oracledb', 'pyodbc', 'asyncpg', 'aiosqlite', 'aiomysql', 'gevent', 'eventlet', 'uvloop', 'httptools', 'websockets',
  'gunicorn', 'uvicorn', 'hypercorn', 'daphne', 'waitress', 'python-multipart', 'whitenoise',
]);
/** Libraries an app may well import: never on the fallback list. */
const MAYBE_IMPORTED = new Set(['matplotlib', 'seaborn', 'plotly', 'ipywidgets']);
/** Libraries apps import that dev groups often hold too: without an import analysis such a member keeps its group. */
const APP_LIBRARIES = new Set([...MAYBE_IMPORTED, 'pandas', 'numpy', 'scipy', 'requests', 'httpx', 'pydantic', 'tensorboard', 'pillow', 'pyyaml', 'rich']);

export interface Decider {
  evidence: ImportAnalysis | null;
  keep: Set<string>;
  /** What the image runs or its build imports: name → why (distributionsInUse). */
  used: Map<string, string>;
  /** Why kept though outside the evidence: name → reason. */
  keptWhy: Map<string, string>;
  /** Where → what was removed ("requirements.txt", "line 4"). */
  removed: Map<string, string[]>;
  notPruned: Set<string>;
  /** Why there is no evidence (for the fallback note). */
  fallbackWhy: string;
  /** Notes on what was left alone and why (conditional installs, exec form, unknown flags). */
  leftAlone: string[];
}

/** True when the distribution goes (and records why others stay). `devGroup`: declared in a dev-only group. */
export function prunes(d: Decider, name: string, devGroup = false): boolean {
  if (d.keep.has(name)) {
    if (d.evidence ? !d.evidence.keep.includes(name) : isDevTool(name) || devGroup) d.keptWhy.set(name, 'prune.keep');
    return false;
  }
  const used = d.used.get(name);
  if (!d.evidence) {
    const maybe = devGroup ? APP_LIBRARIES : MAYBE_IMPORTED;
    if (maybe.has(name)) d.notPruned.add(name);
    if ((!isDevTool(name) && !devGroup) || maybe.has(name)) return false;
    if (used !== undefined) d.keptWhy.set(name, used);
    return used === undefined;
  }
  if (d.evidence.keep.includes(name)) return false;
  if (used !== undefined) {
    d.keptWhy.set(name, used);
    return false;
  }
  if (LOADED_BY_NAME.has(name)) {
    d.keptWhy.set(name, 'loaded by name, not imported');
    return false;
  }
  return true;
}

export function record(d: Decider, where: string, names: string[]): void {
  d.removed.set(where, [...(d.removed.get(where) ?? []), ...names]);
}

/**
 * True when the RUN holds a shell conditional or loop (if, case, while, for): whether an install in it runs depends on
 * the build's arguments or state, so pruning it may change nothing (or something other than the default build).
 */
export function conditionalRun(model: Parameters<typeof runScript>[0], instr: Instruction): boolean {
  const script = runScript(model, instr);
  // A keyword where a command starts: at the start, after an operator or `(`, or after then/do/else.
  return script !== null && script.parts.some((part) => /(^|[;&|(\n]|\b(then|do|else))\s*(if|case|while|until|for)\s/.test(part.text));
}
