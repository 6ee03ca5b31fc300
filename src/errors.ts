// One user-facing error type. The CLI's top-level handler prints `message` (plus `where` and `hint`)
// without a stack trace and exits with `exitCode`; anything else is a bug and gets the stack.
export const ExitCode = {
  ok: 0,
  checkFailed: 1,
  usage: 2,
  engineUnavailable: 3,
  interrupted: 130,
} as const;
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

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
    this.exitCode = options.exitCode ?? ExitCode.usage;
  }

  /** The text the CLI prints: "where: message" and the hint on its own line. */
  describe(): string {
    const head = this.where ? `${this.where}: ${this.message}` : this.message;
    return this.hint ? `${head}\n  hint: ${this.hint}` : head;
  }
}
