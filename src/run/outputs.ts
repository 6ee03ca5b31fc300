// Writes a run's outputs: results.json (the contract), variants/<name>/{Dockerfile,variant.json} (what re-rendering
// needs), and the rendered report files (report.md, report.html, patches/). results.json is written first: a
// report that fails to render is said (with its cause), never a reason to lose the measurements.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { LoadedProject } from '../context/project.js';
import { redactSecrets } from '../config/index.js';
import type { Plan } from '../plan/index.js';
import { rankingFor, withRanking, type RankObjective, type Ranking } from '../rank/index.js';
import { renderReport, type RenderedReport, type RenderInput, type VariantSource } from '../report/render.js';
import type { VariantRecord } from '../report/variant-record.js';
import type { Results } from '../results.js';
import { gitTop } from './git-top.js';
import { RESULTS_FILE } from './results-file.js';
import { runSarif, SARIF_FILE } from './sarif-output.js';
import { variantRecord } from './variant-patches.js';
import { variantPaths } from './variant.js';

export type Render = (input: RenderInput) => RenderedReport;

export interface OutputsInput {
  outDir: string;
  /** Ranked by `ranking` (rank/withRanking). */
  results: Results;
  ranking: Ranking;
  plan: Plan;
  loaded: LoadedProject;
  /** Values of secret build args: redacted from everything written. */
  secretValues: string[];
  render?: Render;
}

/** Why the report could not be rendered (its cause), or null when it was. */
export type ReportError = string | null;

export async function writeOutputs({ outDir, results, ranking, plan, loaded, secretValues, render = renderReport }: OutputsInput): Promise<ReportError> {
  const redact = (text: string) => redactSecrets(text, secretValues);
  const sources: Record<string, VariantSource> = {};
  for (const v of plan.variants) {
    const record = variantRecord(v, loaded);
    const dockerfile = join(outDir, variantPaths(v.name).dockerfile);
    await mkdir(dirname(dockerfile), { recursive: true });
    await writeFile(dockerfile, v.dockerfile);
    await writeFile(join(dirname(dockerfile), 'variant.json'), redact(`${JSON.stringify(record, null, 2)}\n`));
    sources[v.name] = { dockerfile: v.dockerfile, record, existingPatch: null };
  }
  await writeFile(join(outDir, RESULTS_FILE), redact(`${JSON.stringify(results, null, 2)}\n`));
  const rendered = tryRender(render, { results, ranking, variants: sources, place: { outDir, repoTop: gitTop(results.projectDir) } });
  if ('error' in rendered) return rendered.error;
  // results.sarif is rendered like the report: a fault in it is said, and loses no measurement.
  const sarif = tryRender(() => ({ files: new Map([[SARIF_FILE, `${JSON.stringify(runSarif(plan, loaded, results), null, 2)}\n`]]) }), { results, ranking, variants: sources });
  if ('error' in sarif) return `${SARIF_FILE}: ${sarif.error}`;
  await writeRendered(outDir, rendered, redact);
  await writeRendered(outDir, sarif, redact);
  return null;
}

export interface Rerendered { results: Results; reason: string; files: string[] }

/**
 * `dflab report OUT`: renders again from OUT's results.json and variants/ alone, with the run's own ranking unless
 * `objective` asks for another. Returns the results as shown and the files written, or why it could not render.
 */
export async function rerenderOutputs(outDir: string, given: Results, objective?: RankObjective): Promise<Rerendered | { error: string }> {
  const sources: Record<string, VariantSource> = {};
  for (const v of given.variants) {
    const dockerfile = await readOptional(join(outDir, v.dockerfile));
    const recordText = await readOptional(join(outDir, dirname(v.dockerfile), 'variant.json'));
    const existingPatch = v.patch ? await readOptional(join(outDir, v.patch)) : null;
    sources[v.name] = { dockerfile, record: recordText === null ? null : (JSON.parse(recordText) as VariantRecord), existingPatch };
  }
  const chosen = rankingFor(given, objective);
  const results = withRanking(given, chosen.ranking, chosen.objective);
  const rendered = tryRender(renderReport, { results, ranking: chosen.ranking, variants: sources, place: { outDir: resolve(outDir), repoTop: gitTop(results.projectDir) } });
  if ('error' in rendered) return rendered;
  await writeRendered(outDir, rendered, (text) => text);
  return { results, reason: chosen.ranking.reason, files: [...rendered.files.keys()].sort() };
}

/** Rendering is pure: what it throws is a fault in the report code or an input it did not expect, not an I/O problem. */
function tryRender(render: Render, input: RenderInput): RenderedReport | { error: string } {
  try {
    return render(input);
  } catch (e) {
    return { error: e instanceof Error ? `${e.name}: ${e.message}` : String(e) };
  }
}

async function writeRendered(outDir: string, rendered: RenderedReport, redact: (text: string) => string): Promise<void> {
  for (const [path, text] of rendered.files) {
    await mkdir(dirname(join(outDir, path)), { recursive: true });
    await writeFile(join(outDir, path), redact(text));
  }
}

async function readOptional(path: string): Promise<string | null> {
  return readFile(path, 'utf8').catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOENT') return null;
    throw e;
  });
}
