// The git-apply-able patch of every planned variant against the original project (Dockerfile and context files).
import { posix, relative, sep } from 'node:path';
import type { LoadedProject } from '../context/project.js';
import type { Plan } from '../plan/index.js';
import { makePatch } from '../report/index.js';

/** Variant name → patch; the original has none. Paths are relative to the project dir, where `git apply` runs. */
export function variantPatches(plan: Plan, loaded: LoadedProject): Map<string, string> {
  const { project } = loaded;
  // Rule paths are relative to the build context, which may be below the project dir.
  const toProject = (p: string) => posix.join(relative(loaded.dir, loaded.contextDir).split(sep).join('/'), p);
  const patches = new Map<string, string>();
  for (const v of plan.variants) {
    if (v.name === 'original') continue;
    patches.set(v.name, makePatch([
      { path: toProject(project.dockerfilePath), oldText: project.dockerfile.text, newText: v.dockerfile },
      ...v.files.map((f) => ({ path: toProject(f.path), oldText: project.files[f.path] ?? null, newText: f.newText })),
    ]));
  }
  return patches;
}
