// Writes a run's outputs: results.json (the contract), variants/<name>/variant.json (what re-rendering
// needs besides the Dockerfile), and the rendered report files (report.md, report.html, patches/).
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { LoadedProject } from '../context/project.js';
import { redactSecrets } from '../config/index.js';
import type { Plan } from '../plan/index.js';
import type { RankObjective } from '../rank/index.js';
import { renderReport, type RenderedReport, type VariantSource } from '../report/render.js';
import type { VariantRecord } from '../report/variant-record.js';
import type { Results } from '../results.js';
import { variantRecord } from './variant-patches.js';

export interface OutputsInput {
  outDir: string;
  results: Results;
  plan: Plan;
  loaded: LoadedProject;
  /** Unused: the report derives the reason from results.json's ranking, as `dflab report` does. */
  recommendedReason?: string;
  /** Values of secret build args: redacted from everything written. */
  secretValues: string[];
}

export async function writeOutputs({ outDir, results, plan, loaded, secretValues }: OutputsInput): Promise<void> {
  const redact = (text: string) => redactSecrets(text, secretValues);
  const sources: Record<string, VariantSource> = {};
  for (const v of plan.variants) {
    const record = variantRecord(v, loaded);
    await mkdir(join(outDir, 'variants', v.name), { recursive: true });
    await writeFile(join(outDir, 'variants', v.name, 'variant.json'), redact(`${JSON.stringify(record, null, 2)}\n`));
    sources[v.name] = { dockerfile: v.dockerfile, record, existingPatch: null };
  }
  await writeFile(join(outDir, 'results.json'), redact(`${JSON.stringify(results, null, 2)}\n`));
  await writeRendered(outDir, renderReport({ results, variants: sources }), redact);
}

/** `dflab report OUT`: renders again from OUT's results.json and variants/ alone. */
export async function rerenderOutputs(outDir: string, results: Results, objective?: RankObjective): Promise<RenderedReport> {
  const sources: Record<string, VariantSource> = {};
  for (const v of results.variants) {
    const dockerfile = await readOptional(join(outDir, v.dockerfile));
    const recordText = await readOptional(join(outDir, dirname(v.dockerfile), 'variant.json'));
    const existingPatch = v.patch ? await readOptional(join(outDir, v.patch)) : null;
    sources[v.name] = { dockerfile, record: recordText === null ? null : (JSON.parse(recordText) as VariantRecord), existingPatch };
  }
  const rendered = renderReport({ results, objective, variants: sources });
  await writeRendered(outDir, rendered, (text) => text);
  return rendered;
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
