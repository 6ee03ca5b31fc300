// Reads a project from disk into the plain data the pure core works on (rules/types.ts Project): the Dockerfile,
// the context's paths, and the small files rules read — the manifests (by name, and every one an install names,
// includes followed) and the scripts the image runs (wanted-files.ts), each size-capped — and the context scan
// (scan.ts: sizes, and texts that may name the large files).
import { readFile, readdir, stat } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import { parseDockerfile } from '../dockerfile/index.js';
import type { Project } from '../analysis/project.js';
import { UserError } from '../errors.js';
import type { DflabConfig } from '../config/index.js';
import { MANIFEST_NAME, wantedFiles } from './wanted-files.js';
import { scanContext } from './scan.js';

const MAX_MANIFEST_BYTES = 1024 * 1024;
/** Scripts the image runs are read to see what they run; a larger one is not a script worth reading. */
const MAX_SCRIPT_BYTES = 64 * 1024;
/** Includes of includes …: each round reads what the last one named. */
const MAX_ROUNDS = 5;
/** Our own output lives in the project dir; it is never part of what we analyze. */
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
      hint: 'pass the project directory that holds the Dockerfile (or the Dockerfile itself), choose one with -f, or set `dockerfile:` in dflab.yaml',
    });
  });
  const dockerfilePath = relative(contextDir, dockerfileAbs).split(sep).join('/');
  const model = parseDockerfile(text, relative(process.cwd(), dockerfileAbs) || dockerfileAbs, { target: config.target });
  const contextPaths = await listContext(contextDir);
  const files: Record<string, string> = {};
  const read = async (p: string, max: number) => {
    const abs = join(contextDir, p);
    if ((await stat(abs)).size > max) return;
    const text = await readFile(abs, 'utf8');
    if (!text.includes('\0')) files[p] = text; // a binary is not a script to read
  };
  for (const p of contextPaths.filter((p) => MANIFEST_NAME.test(p))) await read(p, MAX_MANIFEST_BYTES);
  const project = { dockerfile: model, dockerfilePath, files, contextPaths, contextScan: await scanContext(contextDir, contextPaths, root) };
  const tried = new Set<string>();
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const next = wantedFiles(project).filter((w) => !tried.has(w.path));
    if (next.length === 0) break;
    for (const w of next) {
      tried.add(w.path);
      await read(w.path, w.kind === 'script' ? MAX_SCRIPT_BYTES : MAX_MANIFEST_BYTES);
    }
  }
  return { project, dir: root, contextDir, dockerfileAbs };
}

async function listContext(contextDir: string): Promise<string[]> {
  const entries = await readdir(contextDir, { recursive: true, withFileTypes: true }).catch((e: Error) => {
    throw new UserError(`cannot read the build context ${contextDir}: ${e.message}`, { hint: 'check `context:` in dflab.yaml' });
  });
  return entries
    .filter((e) => e.isFile() || e.isSymbolicLink())
    .map((e) => relative(contextDir, join(e.parentPath ?? (e as unknown as { path: string }).path, e.name)).split(sep).join('/'))
    .filter((p) => !p.split('/').includes(OUTPUT_DIR_NAME))
    .sort();
}

/**
 * The project without the run's own out dir: with `--out` inside the build context, earlier runs' logs and variants
 * would otherwise reach the image through `COPY . .` and be measured as the project's.
 */
export function withoutOutDir(loaded: LoadedProject, outDir: string): LoadedProject {
  const rel = outDirInContext(loaded, outDir);
  if (rel === null) return loaded;
  const outside = (p: string) => p !== rel && !p.startsWith(`${rel}/`);
  const contextPaths = loaded.project.contextPaths.filter(outside);
  const scan = loaded.project.contextScan;
  const contextScan = scan && { ...scan, texts: Object.fromEntries(Object.entries(scan.texts).filter(([p]) => outside(p))) };
  return { ...loaded, project: { ...loaded.project, contextPaths, ...(contextScan ? { contextScan } : {}) } };
}

/** Ignore-file lines that keep dflab's own output out of every variant's build context, wherever `--out` points. */
export function ownIgnoreLines(loaded: LoadedProject, outDir: string): string[] {
  const rel = outDirInContext(loaded, outDir);
  return [`**/${OUTPUT_DIR_NAME}`, ...(rel === null ? [] : [rel])];
}

/** The out dir relative to the build context, "/"-separated; null when it lies outside the context. */
function outDirInContext(loaded: LoadedProject, outDir: string): string | null {
  const rel = relative(loaded.contextDir, resolve(outDir)).split(sep).join('/');
  return rel === '' || rel.startsWith('..') || rel.startsWith('/') ? null : rel;
}
