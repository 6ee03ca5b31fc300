// What a variant changes, as text (pure): the lines its Dockerfile and context files add and remove against the
// original. Predictors read what the edit actually does ("adds rm -rf /var/lib/apt/lists/*") from these.
import { diffLines } from 'diff';
import type { PlannedVariant } from '../plan/index.js';
import type { PredictFacts } from './types.js';

export interface Changed { added: string; removed: string }

export function changedLines(before: string, after: string): Changed {
  const added: string[] = [];
  const removed: string[] = [];
  for (const part of diffLines(before, after)) {
    if (part.added) added.push(part.value);
    else if (part.removed) removed.push(part.value);
  }
  return { added: added.join(''), removed: removed.join('') };
}

/** The Dockerfile's changes. */
export function dockerfileChanges(v: PlannedVariant, f: PredictFacts): Changed {
  return changedLines(f.dockerfile, v.dockerfile);
}

/** Each context file the variant edits: its changes against the original's text. */
export function fileChanges(v: PlannedVariant, f: PredictFacts): { path: string; changed: Changed; newText: string | null }[] {
  return v.files.map((e) => ({ path: e.path, changed: changedLines(f.files[e.path] ?? '', e.newText ?? ''), newText: e.newText }));
}

/** Shell-ish words of a text: package names, options, paths. */
export function words(text: string): Set<string> {
  return new Set(text.split(/[\s\\;&|()'"`]+/).filter(Boolean));
}
