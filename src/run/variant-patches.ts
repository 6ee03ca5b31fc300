// Each planned variant as the report records it (rules, notes, the Dockerfile's path and the context-file edits,
// all relative to the project dir where `git apply` runs), and its patch against the original project.
import { posix, relative, sep } from 'node:path';
import type { LoadedProject } from '../context/project.js';
import type { Plan, PlannedVariant } from '../plan/index.js';
import { patchOf, type VariantRecord } from '../report/variant-record.js';
import { ORIGINAL } from '../results.js';

export function variantRecord(v: PlannedVariant, loaded: LoadedProject): VariantRecord {
  const { project } = loaded;
  // Patches apply at the project dir; rule paths are relative to the build context.
  const toProject = (p: string) => posix.join(relative(loaded.dir, loaded.contextDir).split(sep).join('/'), p);
  return {
    name: v.name, rules: v.rules, ...(v.base ? { base: v.base } : {}), notes: v.notes,
    dockerfilePath: toProject(project.dockerfilePath),
    files: v.files.map((f) => ({ path: toProject(f.path), oldText: project.files[f.path] ?? null, newText: f.newText })),
  };
}

/** Variant name → patch; the original has none. */
export function variantPatches(plan: Plan, loaded: LoadedProject): Map<string, string> {
  return new Map(plan.variants.filter((v) => v.name !== ORIGINAL)
    .map((v) => [v.name, patchOf(variantRecord(v, loaded), loaded.project.dockerfile.text, v.dockerfile)]));
}
