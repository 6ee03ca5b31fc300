// How a variant is named wherever it is shown: a composed variant with what it contains ("all: prune-requirements +
// onnx-runtime + dockerignore"), a variant that stands for others with their names too ("merge-runs = apt-hygiene").
import type { Results, VariantResult } from '../results.js';

/** What the variant contains, when its name does not say it: its rules joined by " + "; null otherwise. */
export function contents(v: Pick<VariantResult, 'name' | 'rules'>): string | null {
  if (v.rules.length === 0 || (v.rules.length === 1 && v.rules[0] === v.name)) return null;
  return v.rules.join(' + ');
}

/** "merge-runs = apt-hygiene": the variant's name and the names of the variants it was built for too. */
export function namesOf(v: Pick<VariantResult, 'name' | 'aliases'>): string {
  return [v.name, ...(v.aliases ?? []).map((a) => a.name)].join(' = ');
}

/** "all: a + b + c", "merge-runs = apt-hygiene", or just the name. */
export function variantLabel(v: Pick<VariantResult, 'name' | 'rules' | 'aliases'>): string {
  const what = contents(v);
  return what === null ? namesOf(v) : `${namesOf(v)}: ${what}`;
}

/** Lines under the terminal table for variants whose name does not say it all: contents and one-build aliases. */
export function legendLines(results: Pick<Results, 'variants'>): string[] {
  const out: string[] = [];
  for (const v of results.variants) {
    const what = contents(v);
    if (what !== null) out.push(`${v.name}: ${what}`);
    for (const a of v.aliases ?? []) out.push(`${a.name}: the same build as ${v.name} (built once, shown as ${v.name})`);
  }
  return out;
}
