// A planned variant made ready to build: its Dockerfile (parsed here, once) and ignore file written under the out
// dir, its build context (staged when it edits context files), its layer chain and its edit-rebuild edit.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { ownIgnoreLines, type LoadedProject } from '../context/project.js';
import { stageContext } from '../context/stage.js';
import { chooseWarmEditPath } from '../context/warm-edit.js';
import { buildTarget, parseDockerfile } from '../dockerfile/index.js';
import { finalStageChain } from '../measure/chain.js';
import type { PlannedVariant } from '../plan/index.js';
import { imageTag } from './ids.js';
import { variantPaths, type VariantJob } from './variant.js';

export async function prepareJob(v: PlannedVariant, loaded: LoadedProject, outDir: string, runId: string): Promise<VariantJob> {
  const { dockerfile } = variantPaths(v.name);
  const dockerfileAbs = join(outDir, dockerfile);
  await mkdir(join(dockerfileAbs, '..'), { recursive: true });
  await writeFile(dockerfileAbs, v.dockerfile);
  // A Dockerfile-specific ignore file takes precedence over the context's .dockerignore: it carries the
  // variant's .dockerignore (edited or not) and keeps our own out dir out of the build context.
  const edited = v.files.find((f) => f.path === '.dockerignore');
  const ignore = edited ? edited.newText ?? '' : loaded.project.files['.dockerignore'] ?? '';
  const own = ownIgnoreLines(loaded, outDir).join('\n');
  await writeFile(`${dockerfileAbs}.dockerignore`, `${ignore}${ignore && !ignore.endsWith('\n') ? '\n' : ''}${own}\n`);
  const { contextDir, contextPaths } = await variantContext(v, loaded, outDir);
  const model = parseDockerfile(v.dockerfile, dockerfile, { target: loaded.project.dockerfile.target });
  const target = buildTarget(model);
  const chain = finalStageChain(model);
  const warmPath = chooseWarmEditPath(model, contextPaths, ignore);
  const warmEdit = warmPath === null ? null : { path: warmPath, original: await readFile(join(contextDir, warmPath), 'utf8') };
  return {
    name: v.name, rules: v.rules, dockerfileAbs, contextDir, contextPaths,
    tag: imageTag(basename(loaded.dir), runId, v.name),
    baseImage: chain.baseImage,
    chain: chain.instructions.map((i) => ({ keyword: i.keyword, raw: i.raw, line: i.line, stage: i.stage })),
    warmEdit, ...(target ? { target } : {}),
  };
}

/** Variants that edit context files (requirements.txt …) build from a staged copy of the context. */
async function variantContext(v: PlannedVariant, loaded: LoadedProject, outDir: string): Promise<{ contextDir: string; contextPaths: string[] }> {
  const edits = v.files.filter((f) => f.path !== '.dockerignore');
  const paths = loaded.project.contextPaths;
  if (edits.length === 0) return { contextDir: loaded.contextDir, contextPaths: paths };
  const contextDir = join(outDir, 'contexts', v.name);
  await stageContext(loaded.contextDir, contextDir, paths, Object.fromEntries(edits.map((f) => [f.path, f.newText])));
  const removed = new Set(edits.filter((f) => f.newText === null).map((f) => f.path));
  const added = edits.filter((f) => f.newText !== null && !paths.includes(f.path)).map((f) => f.path);
  return { contextDir, contextPaths: [...paths.filter((p) => !removed.has(p)), ...added].sort() };
}
