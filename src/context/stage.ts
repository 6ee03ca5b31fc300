// A per-variant build context without copying the project: a tree of hard links (a copy where links are
// impossible), with some files replaced. Replaced files are unlinked first so the project is never touched.
import { copyFile, link, lstat, mkdir, readlink, rm, symlink, unlink, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

export async function stageContext(sourceDir: string, destDir: string, paths: string[], overrides: Record<string, string | null>): Promise<void> {
  await rm(destDir, { recursive: true, force: true });
  await mkdir(destDir, { recursive: true });
  for (const p of paths) {
    if (p in overrides) continue;
    const from = join(sourceDir, p);
    const to = join(destDir, p);
    await mkdir(dirname(to), { recursive: true });
    const st = await lstat(from);
    if (st.isSymbolicLink()) await symlink(await readlink(from), to);
    else await link(from, to).catch(() => copyFile(from, to));
  }
  for (const [p, text] of Object.entries(overrides)) {
    const to = join(destDir, p);
    await unlink(to).catch(() => undefined);
    if (text === null) continue;
    await mkdir(dirname(to), { recursive: true });
    await writeFile(to, text);
  }
}
