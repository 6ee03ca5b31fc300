// Out dirs of real runs, recorded under test/fixtures/report-runs/<name>/ (results.json and variants/*/ only,
// as `dflab report OUT` reads them): the report tests render these instead of hand-made results.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { rankingFor, withRanking } from '../../src/rank/index.js';
import type { RenderInput, VariantSource } from '../../src/report/render.js';
import type { VariantRecord } from '../../src/report/variant-record.js';
import { resultsSchema, type Results } from '../../src/results.js';

export const RECORDED_RUNS_DIR = resolve(import.meta.dirname, '../fixtures/report-runs');

/** The recorded runs: `load` (16 ok variants, several nearly equal), `seed-verbatim` (every base unavailable). */
export function recordedRunNames(): string[] {
  return readdirSync(RECORDED_RUNS_DIR).filter((n) => existsSync(join(RECORDED_RUNS_DIR, n, 'results.json'))).sort();
}

export function recordedRun(name: string): RenderInput {
  const dir = join(RECORDED_RUNS_DIR, name);
  const given = resultsSchema.parse(JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8'))) as Results;
  const read = (path: string) => (existsSync(join(dir, path)) ? readFileSync(join(dir, path), 'utf8') : null);
  const variants: Record<string, VariantSource> = {};
  for (const v of given.variants) {
    const record = read(join(dirname(v.dockerfile), 'variant.json'));
    variants[v.name] = { dockerfile: read(v.dockerfile), record: record === null ? null : (JSON.parse(record) as VariantRecord), existingPatch: null };
  }
  const { ranking, objective } = rankingFor(given);
  return { results: withRanking(given, ranking, objective), ranking, variants };
}
