// Reads a project from disk into the plain data the pure core works on (rules/types.ts Project).
import { readFile, readdir, stat } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import { parseDockerfile } from '../dockerfile/index.js';
import type { Project } from '../analysis/project.js';
import { UserError } from '../errors.js';
import type { DflabConfig } from '../config/index.js';

/** Context files small rules may read and edit (requirements, ignore files, Python manifests). */
const EDITABLE = /(^|\/)(requirements[^/]*\.txt|\.dockerignore|pyproject\.toml|setup\.cfg)$/;
const MAX_EDITABLE_BYTES = 1024 * 1024;
/** Our own output lives in the project dir; it is never part of what we analyse. */
export const OUTPUT_DIR_NAME = '.dflab';

export interface LoadedProject {
  project: Project;
  dir: string;
  contextDir: string;
  dockerfileAbs: string;
}

export async function loadProject(dir: string, config: DflabConfig): Promise<LoadedProject> {
  const root = resolve(dir);
  const dockerfileAbs = resolve(root, config.dockerfile);
  const contextDir = resolve(root, config.context);
  const text = await readFile(dockerfileAbs, 'utf8').catch((e: NodeJS.ErrnoException) => {
    throw new UserError(e.code === 'ENOENT' ? `no Dockerfile at ${dockerfileAbs}` : `cannot read ${dockerfileAbs}: ${e.message}`, {
      hint: 'pass the project directory that holds the Dockerfile, or set `dockerfile:` in dflab.yaml',
    });
  });
  const dockerfilePath = relative(contextDir, dockerfileAbs).split(sep).join('/');
  const model = parseDockerfile(text, relative(process.cwd(), dockerfileAbs) || dockerfileAbs, { target: config.target });
  const contextPaths = await listContext(contextDir);
  const files: Record<string, string> = {};
  for (const p of contextPaths.filter((p) => EDITABLE.test(p))) {
    const abs = join(contextDir, p);
    if ((await stat(abs)).size <= MAX_EDITABLE_BYTES) files[p] = await readFile(abs, 'utf8');
  }
  return { project: { dockerfile: model, dockerfilePath, files, contextPaths }, dir: root, contextDir, dockerfileAbs };
}

async function listContext(contextDir: string): Promise<string[]> {
  const entries = await readdir(contextDir, { recursive: true, withFileTypes: true }).catch((e: Error) => {
    throw new UserError(`cannot read the build context ${contextDir}: ${e.message}`, { hint: 'check `context:` in dflab.yaml' });
  });
  return entries
    .filter((e) => e.isFile() || e.isSymbolicLink())
    .map((e) => relative(contextDir, join(e.parentPath ?? (e as unknown as { path: string }).path, e.name)).split(sep).join('/'))
    .filter((p) => p !== OUTPUT_DIR_NAME && !p.startsWith(`${OUTPUT_DIR_NAME}/`))
    .sort();
}
