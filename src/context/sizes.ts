// The build context's files with their sizes (I/O), for matching COPY layers to context paths (measure/attribution).
import { readdir, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { UserError } from '../errors.js';
import { OUTPUT_DIR_NAME } from './project.js';

export async function contextFileSizes(contextDir: string): Promise<{ path: string; size: number }[]> {
  const entries = await readdir(contextDir, { recursive: true, withFileTypes: true }).catch((e: Error) => {
    throw new UserError(`cannot read the build context ${contextDir}: ${e.message}`, { hint: 'pass the directory the image was built from' });
  });
  const out: { path: string; size: number }[] = [];
  for (const e of entries.filter((x) => x.isFile())) {
    const abs = join(e.parentPath, e.name);
    const path = relative(contextDir, abs).split(sep).join('/');
    if (path.split('/').includes(OUTPUT_DIR_NAME)) continue;
    out.push({ path, size: (await stat(abs)).size });
  }
  return out.sort((a, b) => a.path.localeCompare(b.path));
}
