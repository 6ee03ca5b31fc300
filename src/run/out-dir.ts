// The run's out dir: made (and written to once) before anything is built, so a place that cannot hold the
// outputs fails at once with the reason in plain words, not after the builds.
import { mkdir, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { describeFsError, UserError } from '../errors.js';

export async function prepareOutDir(outDir: string): Promise<void> {
  try {
    await mkdir(join(outDir, 'logs'), { recursive: true });
    const probe = join(outDir, `.dflab-write-test-${process.pid}`);
    await writeFile(probe, '');
    await rm(probe, { force: true });
  } catch (e) {
    throw new UserError(`cannot write to the out dir ${outDir}: ${await reason(outDir, e)}`, {
      where: '--out',
      hint: 'choose a writable place with --out DIR (or make this one writable)',
      cause: e,
    });
  }
}

/** Node's recursive mkdir reports ENOENT for a read-only or forbidden parent: ask the nearest existing folder. */
async function reason(outDir: string, e: unknown): Promise<string> {
  const known = describeFsError(e);
  if (known) return known;
  if ((e as NodeJS.ErrnoException).code === 'ENOENT') {
    let dir = outDir;
    while (dirname(dir) !== dir && !(await stat(dirname(dir)).then((s) => s.isDirectory(), () => false))) dir = dirname(dir);
    const real = await mkdir(dir).then(() => rm(dir, { recursive: true }).then(() => null), (err: unknown) => err);
    const why = describeFsError(real);
    if (why) return why;
  }
  return (e as Error).message;
}
