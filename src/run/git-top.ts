// Where the git work tree holding a directory starts: what the apply command needs to know (report/apply-command.ts).
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/** The top of the git work tree holding `dir` (a `.git` dir or file), or null. */
export function gitTop(dir: string | undefined): string | null {
  for (let d = dir ? resolve(dir) : null; d !== null; d = dirname(d) === d ? null : dirname(d)) {
    if (existsSync(join(d, '.git'))) return d;
  }
  return null;
}
