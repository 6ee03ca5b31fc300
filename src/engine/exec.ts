// The one gateway for child processes. Failure is decided by exit code, never by stderr content.
import { execa } from 'execa';

export interface ExecResult {
  exitCode: number;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  /** Set when the program could not be started at all (e.g. not installed). */
  spawnError?: string;
}

export interface ExecOptions {
  cwd?: string;
  timeoutMs?: number;
  /** Called with each chunk of stderr as it arrives (progress streams such as buildx rawjson). */
  onStderr?: (chunk: string) => void;
  signal?: AbortSignal;
  env?: Record<string, string>;
}

export async function exec(file: string, args: readonly string[], options: ExecOptions = {}): Promise<ExecResult> {
  const child = execa(file, args, {
    cwd: options.cwd,
    timeout: options.timeoutMs,
    cancelSignal: options.signal,
    env: options.env,
    reject: false,
    stdin: 'ignore',
    // Keep stderr in memory only when nobody streams it: build logs can be large.
    buffer: { stdout: true, stderr: options.onStderr === undefined },
  });
  if (options.onStderr) {
    const onStderr = options.onStderr;
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (chunk: string) => onStderr(chunk));
  }
  const result = await child;
  const spawnError = result.failed && result.exitCode === undefined && !result.timedOut && !result.isCanceled
    ? result.shortMessage
    : undefined;
  return {
    exitCode: result.exitCode ?? (result.timedOut || result.isCanceled ? 124 : 127),
    stdout: typeof result.stdout === 'string' ? result.stdout : '',
    stderr: typeof result.stderr === 'string' ? result.stderr : '',
    timedOut: result.timedOut,
    spawnError,
  };
}

/** Runs `file` with `input` piped to its stdin and counts the bytes it writes, keeping none of them
 *  (a compressor measuring a layer of gigabytes must not hold its output in memory). */
export async function execCountingStdout(
  file: string, args: readonly string[], input: { pipe(dest: NodeJS.WritableStream): unknown }, signal?: AbortSignal,
): Promise<{ exitCode: number; bytes: number; stderr: string }> {
  const child = execa(file, args, { reject: false, cancelSignal: signal, stdin: 'pipe', buffer: { stdout: false, stderr: true } });
  let bytes = 0;
  child.stdout?.on('data', (chunk: Buffer) => { bytes += chunk.length; });
  // A child that exits (or is cancelled) before reading all its input makes the pipe fail with EPIPE: its exit
  // code says what happened, so the stdin error must not go unheard (an unheard 'error' event ends the process).
  child.stdin?.on('error', () => undefined);
  if (child.stdin) input.pipe(child.stdin);
  const result = await child;
  const exitCode = result.exitCode ?? (result.failed ? 127 : 0);
  return { exitCode, bytes, stderr: typeof result.stderr === 'string' ? result.stderr : (result.shortMessage ?? '') };
}
