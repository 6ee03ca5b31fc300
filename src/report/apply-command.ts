// The one command that applies a run's recommended patch, for `dflab run`'s last line (relative to the current
// directory) and for the report's top block (relative to the project dir): one function, so they never differ.
// Patch paths are relative to the project dir; inside a git repository `git apply` reads them from the repository's
// top and silently skips what lies elsewhere, so a project below the top needs `--directory=<its path from there>`.
import { join, relative, sep } from 'node:path';

export interface ApplyPlace {
  /** Absolute paths: the project dir, the run's out dir, and where the command is run from. */
  projectDir: string;
  outDir: string;
  cwd: string;
  /** The top of the git work tree holding the project; null outside one. */
  repoTop: string | null;
}

/** `git [-C DIR] apply [--directory=PREFIX] PATCH`, each path quoted for a POSIX shell when it needs it. */
export function applyCommand({ projectDir, outDir, cwd, repoTop }: ApplyPlace): string {
  const patch = slashes(relative(projectDir, join(outDir, 'patches', 'recommended.patch')));
  const project = slashes(relative(cwd, projectDir));
  const prefix = repoTop === null ? '' : slashes(relative(repoTop, projectDir));
  const parts = ['git', ...(project === '' ? [] : ['-C', quote(project)]), 'apply', ...(prefix === '' ? [] : [`--directory=${quote(prefix)}`]), quote(patch)];
  return parts.join(' ');
}

function slashes(p: string): string {
  return p.split(sep).join('/');
}

function quote(p: string): string {
  return /[\s'"$`\\]/.test(p) ? `'${p.replace(/'/g, "'\\''")}'` : p;
}
