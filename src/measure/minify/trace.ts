// Reads `strace -f -qq -e trace=%file,%process` output (pure): the absolute paths the traced app opened,
// executed, stat'ed, read links of or changed into, successfully. The app started behind a hold loop (its PID 1
// is a shell waiting to be released): what happens before PID 1's first successful execve, and in processes
// started before it (the loop's `sleep`s), is the hold, not the app, and is left out.
import { posix } from 'node:path';

/** Syscalls whose path argument names a file the app needs; the path is the first string argument. */
const PATH_CALLS = new Set([
  'open', 'openat', 'openat2', 'creat', 'stat', 'lstat', 'newfstatat', 'fstatat64', 'statx', 'access', 'faccessat', 'faccessat2',
  'readlink', 'readlinkat', 'execve', 'execveat', 'chdir', 'truncate', 'getxattr', 'lgetxattr', 'statfs', 'utimensat',
]);
/** `123   name(args) = ret`, or a call split around another process's (`<unfinished ...>` / `<... name resumed>`). */
const LINE = /^(\d+)\s+(?:(\w+)\((.*)$|<\.\.\. (\w+) resumed>(.*)$)/;
const UNFINISHED = ' <unfinished ...>';

export interface TraceFacts {
  /** Absolute, normalized paths, in first-seen order. */
  paths: string[];
  /** The programs executed after the release (absolute). */
  executed: string[];
}

interface Call { pid: number; name: string; args: string; result: string }

export function parseTrace(text: string, workdir = '/'): TraceFacts {
  const paths = new Set<string>();
  const executed = new Set<string>();
  const cwd = new Map<number, string>();
  const hold = new Set<number>();
  let released = false;
  let root: number | null = null;
  for (const call of calls(text)) {
    root ??= call.pid;
    if (!released) {
      if (call.pid === root && isExec(call.name) && succeeded(call.result)) released = true;
      else { if (call.pid !== root) hold.add(call.pid); continue; }
    }
    if (hold.has(call.pid) || !PATH_CALLS.has(call.name) || !succeeded(call.result)) continue;
    const raw = pathArgument(call.name, call.args);
    if (raw === null || raw === '') continue;
    const dir = cwd.get(call.pid) ?? posix.resolve('/', workdir || '/');
    const path = posix.resolve(dir, raw);
    paths.add(path);
    if (isExec(call.name)) executed.add(path);
    if (call.name === 'chdir') cwd.set(call.pid, path);
  }
  return { paths: [...paths], executed: [...executed] };
}

/** The trace's completed calls, split calls joined. */
function* calls(text: string): Generator<Call> {
  const pending = new Map<string, string>();
  for (const line of text.split('\n')) {
    const m = LINE.exec(line);
    if (!m) continue;
    const pid = Number(m[1]);
    if (m[2] !== undefined) {
      const rest = m[3]!;
      if (rest.endsWith(UNFINISHED)) { pending.set(`${pid} ${m[2]}`, rest.slice(0, -UNFINISHED.length)); continue; }
      const split = splitResult(rest);
      if (split) yield { pid, name: m[2], ...split };
    } else {
      const key = `${pid} ${m[4]}`;
      const start = pending.get(key);
      if (start === undefined) continue;
      pending.delete(key);
      const split = splitResult(start + m[5]!);
      if (split) yield { pid, name: m[4]!, ...split };
    }
  }
}

/** `args) = ret …` → args and ret; null for a call without a result (the process ended in it). */
function splitResult(rest: string): { args: string; result: string } | null {
  const m = /\)\s*= ([^=]*)$/.exec(rest);
  if (!m) return null;
  return { args: rest.slice(0, m.index), result: m[1]! };
}

function succeeded(result: string): boolean {
  return /^\d/.test(result.trim());
}

function isExec(name: string): boolean {
  return name === 'execve' || name === 'execveat';
}

/** The call's path argument: the first C string, unless a `*at` call names a directory fd other than AT_FDCWD for a relative path. */
function pathArgument(name: string, args: string): string | null {
  const q = args.indexOf('"');
  if (q < 0) return null;
  const path = cString(args, q);
  if (path === null) return null;
  const dirfd = name.endsWith('at') || name === 'openat2' || name === 'statx' ? args.slice(0, q).split(',')[0]!.trim() : 'AT_FDCWD';
  if (!path.startsWith('/') && dirfd !== 'AT_FDCWD') return null;
  return path;
}

/** The C string literal starting at `at` (strace's escapes: \" \\ \n \t \xNN, octal). */
export function cString(s: string, at: number): string | null {
  const bytes: number[] = [];
  for (let i = at + 1; i < s.length; i++) {
    const c = s[i]!;
    if (c === '"') return Buffer.from(bytes).toString('utf8');
    if (c !== '\\') { bytes.push(...Buffer.from(c, 'utf8')); continue; }
    const n = s[++i];
    if (n === 'x') { bytes.push(parseInt(s.slice(i + 1, i + 3), 16)); i += 2; }
    else if (n !== undefined && /[0-7]/.test(n)) { const oct = /^[0-7]{1,3}/.exec(s.slice(i))![0]; bytes.push(parseInt(oct, 8)); i += oct.length - 1; }
    else bytes.push(({ n: 10, t: 9, r: 13, v: 11, f: 12 } as Record<string, number>)[n ?? ''] ?? (n ?? '').charCodeAt(0));
  }
  return null;
}
