// Every report output of a run, rendered from results.json and the variants' Dockerfiles and records:
// patches, report.md and report.html. It shows the ranking it is given and never ranks again. Pure: the
// caller reads the out dir and writes the returned files.
import { objectiveLabel, type Ranking } from '../rank/index.js';
import { ORIGINAL, type Results } from '../results.js';
import { applyCommand } from './apply-command.js';
import { explainRules } from './explain.js';
import { buildHtmlView } from './html-view.js';
import { renderHtmlReport } from './html.js';
import { renderMarkdownReport } from './markdown.js';
import { makePatch } from './patch.js';
import { buildReportView, type MarkdownReportInput } from './view.js';
import { patchOf, type VariantRecord } from './variant-record.js';

export interface VariantSource {
  /** The variant's Dockerfile text (OUT/variants/<name>/Dockerfile); null when missing. */
  dockerfile: string | null;
  /** OUT/variants/<name>/variant.json; null for out dirs written before it existed. */
  record: VariantRecord | null;
  /** The patch already in OUT/patches, used when there is no record to rebuild it from. */
  existingPatch: string | null;
}

export interface RenderInput {
  /** Ranked as `ranking` says (rank/withRanking): ranks, Pareto marks, recommended, objective. */
  results: Results;
  /** Why the recommendation (or none), and the variants left out of the ranking. */
  ranking: Pick<Ranking, 'reason' | 'unranked'>;
  variants: Record<string, VariantSource>;
  /** Where the run's out dir is and the top of the git work tree holding the project: for the apply command. */
  place?: { outDir: string; repoTop: string | null };
}

export interface RenderedReport {
  /** Path relative to the out dir → content: report.md, report.html, patches/*.patch. */
  files: Map<string, string>;
}

export function renderReport({ results, ranking, variants, place }: RenderInput): RenderedReport {
  const objective = results.objective ?? 'size';
  const patches = variantPatches(results, variants);
  const files = new Map<string, string>();
  for (const [name, patch] of Object.entries(patches)) files.set(`patches/${name}.patch`, patch);
  if (results.recommended && patches[results.recommended] !== undefined) files.set('patches/recommended.patch', patches[results.recommended]!);
  const notes = Object.fromEntries(Object.entries(variants).map(([name, s]) => [name, s.record?.notes ?? []]));
  const skipped = results.skippedRules ?? [];
  const input: MarkdownReportInput = {
    results, diffs: patches, notes, skipped, recommendedReason: ranking.reason,
    objective: objectiveLabel(objective), unranked: ranking.unranked,
    explanation: explainRules({ variants: results.variants, notes, skipped }),
    applyCommand: place && results.projectDir && files.has('patches/recommended.patch')
      ? applyCommand({ projectDir: results.projectDir, outDir: place.outDir, cwd: results.projectDir, repoTop: place.repoTop })
      : null,
  };
  files.set('report.md', renderMarkdownReport(input));
  files.set('report.html', renderHtmlReport(buildHtmlView(buildReportView(input), results, patches, notes, dockerfilesOf(variants))));
  return { files };
}

/** Variant name → patch, for every variant but the original. */
function variantPatches(results: Results, variants: Record<string, VariantSource>): Record<string, string> {
  const original = variants[ORIGINAL]?.dockerfile ?? null;
  const out: Record<string, string> = {};
  for (const v of results.variants) {
    if (v.name === ORIGINAL) continue;
    const source = variants[v.name];
    if (!source) continue;
    if (source.record && source.dockerfile !== null && original !== null) out[v.name] = patchOf(source.record, original, source.dockerfile);
    else if (source.existingPatch !== null) out[v.name] = source.existingPatch;
    else if (source.dockerfile !== null && original !== null) out[v.name] = makePatch([{ path: 'Dockerfile', oldText: original, newText: source.dockerfile }]);
  }
  return out;
}

function dockerfilesOf(variants: Record<string, VariantSource>): Record<string, string | null> {
  return Object.fromEntries(Object.entries(variants).map(([name, s]) => [name, s.dockerfile]));
}
