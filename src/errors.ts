// One user-facing error type. The CLI's top-level handler prints `message` (plus `where` and `hint`)
// without a stack trace and exits with `exitCode`; anything else is a bug (exit 70).
/** dflab's exit codes (README "Exit codes"): scripts and CI rely on them. */
export const EXIT = {
  ok: 0,
  /** A check did not hold: a `dflab check` threshold, `dflab doctor`, or a run whose original or every variant
   *  failed, or whose report could not be rendered (results.json is kept). */
  checkFailed: 1,
  /** Usage, configuration or input-file error (the message names the file and key). */
  usage: 2,
  /** The Docker engine is unavailable, or stopped answering mid-run. */
  engine: 3,
  /** A dflab bug, however it surfaced: the top-level handler prints one line (the stack with DFLAB_DEBUG=1). */
  internal: 70,
  interrupted: 130,
} as const;
export type ExitCodeValue = (typeof EXIT)[keyof typeof EXIT];

export interface UserErrorOptions {
  /** Where the problem is: "path/to/file:line" or a config key path such as "dflab.yaml: smoke.http.port". */
  where?: string;
  /** What the user can do about it. */
  hint?: string;
  exitCode?: ExitCodeValue;
  cause?: unknown;
}

export class UserError extends Error {
  readonly where?: string;
  readonly hint?: string;
  readonly exitCode: ExitCodeValue;

  constructor(message: string, options: UserErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'UserError';
    this.where = options.where;
    this.hint = options.hint;
    this.exitCode = options.exitCode ?? EXIT.usage;
  }

  /** The text the CLI prints: "where: message" and the hint on its own line. */
  describe(): string {
    const head = this.where ? `${this.where}: ${this.message}` : this.message;
    return this.hint ? `${head}\n  hint: ${this.hint}` : head;
  }
}

/** What a file-system error code means to the user; null for codes that are not about the place written to. */
const FS_PROBLEMS: Record<string, string> = {
  ENOSPC: 'disk full: no space left on the device',
  EDQUOT: 'disk full: the disk quota is used up',
  EROFS: 'the file system is read-only',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  ENOTDIR: 'a part of the path is a file, not a directory',
};

/** The plain words for a file-system error ("disk full: …"), or null when it is not one the user can act on. */
export function describeFsError(e: unknown): string | null {
  const code = typeof e === 'object' && e !== null ? (e as { code?: unknown }).code : undefined;
  return typeof code === 'string' ? FS_PROBLEMS[code] ?? null : null;
}

/**
 * A disk-full, read-only or permission error from writing the run's files, as a UserError (exit 2, no stack trace)
 * naming the path; null for anything else.
 */
export function fileSystemError(e: unknown): UserError | null {
  const problem = describeFsError(e);
  if (!problem) return null;
  const path = (e as { path?: unknown }).path;
  return new UserError(`${problem}${typeof path === 'string' ? ` (writing ${path})` : ''}`, {
    hint: problem.startsWith('disk full') ? 'free some space, or choose another place with --out DIR' : 'choose a writable place with --out DIR',
    cause: e,
  });
}
