// The writer of a run's outputs and `dflab report`'s re-render: results.json satisfies the contract's schema, a
// report that fails to render loses nothing, and the report shows the run's own ranking unless asked otherwise.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Log } from 'sarif';
import { describe, expect, it } from 'vitest';
import { rankVariants, withRanking } from '../../../src/rank/index.js';
import { resultsSchema, type Results } from '../../../src/results.js';
import { rerenderOutputs, writeOutputs } from '../../../src/run/outputs.js';
import { readResults } from '../../../src/run/results-file.js';
import { loadTrial, planFor } from '../../../src/run/selection.js';
import { fallback } from '../../../src/run/import-evidence.js';
import { unmeasured } from '../../../src/run/variant.js';
import { sarifErrors } from '../../helpers/sarif-schema.js';

/** A real project planned as `dflab run` plans it, with made-up measurements for its variants. */
async function plannedRun() {
  const dir = mkdtempSync(join(tmpdir(), 'dflab-outputs-'));
  writeFileSync(join(dir, 'Dockerfile'), 'FROM python:3.13\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\nCOPY app.py .\nCMD ["python", "app.py"]\n');
  writeFileSync(join(dir, 'requirements.txt'), 'flask\n');
  writeFileSync(join(dir, 'app.py'), 'import flask\n');
  const trial = await loadTrial(dir, { rules: ['base-slim', 'pip-no-cache'] });
  const plan = planFor(trial, fallback('not built in this test'));
  const variants = plan.variants.map((v, i) => ({
    ...unmeasured(v.name, v.rules, null), outcome: 'ok' as const, sizeBytes: 1_000_000_000 - i * 100_000_000,
    build: { coldSeconds: 30 + i, warmSeconds: null, steps: [] },
  }));
  const ranking = rankVariants(variants, 'size');
  const header: Results = {
    schemaVersion: 1, runId: 'r1', project: 'p', projectDir: dir, startedAt: '2026-01-01T00:00:00.000Z', finishedAt: '2026-01-01T00:01:00.000Z',
    engine: { docker: '26.1.5', buildx: '0.13.1', builder: 'default' }, variants: [], recommended: null,
    selection: { rules: ['base-slim', 'pip-no-cache'], skipRules: null, bases: null, objective: null, exactCold: false },
  };
  const results = withRanking({ ...header, skippedRules: plan.skipped }, ranking, 'size');
  const out = join(dir, 'out');
  return { out, input: { outDir: out, results, ranking, plan, loaded: trial.loaded, secretValues: [] } };
}

describe('writeOutputs', () => {
  it('writes a results.json that the contract schema accepts and that reads back equal', async () => {
    const { out, input } = await plannedRun();
    expect(await writeOutputs(input)).toBeNull();
    const written: unknown = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8'));
    expect(resultsSchema.safeParse(written).error?.issues).toBeUndefined();
    expect(await readResults(out)).toEqual(input.results);
    expect(input.results.variants.map((v) => v.name)).toEqual(['all', 'pip-no-cache', 'base-slim', 'original']);
    for (const v of input.results.variants) expect(readFileSync(join(out, v.dockerfile), 'utf8')).toMatch(/^FROM /);
    expect(existsSync(join(out, 'report.md'))).toBe(true);
    const sarif = JSON.parse(readFileSync(join(out, 'results.sarif'), 'utf8')) as Log;
    expect(sarifErrors(sarif)).toEqual([]);
    expect(sarif.runs[0]!.results!.map((r) => r.properties?.['variant'])).toEqual(['base-slim', 'pip-no-cache', 'all']);
  });

  it('a report that fails to render: its cause is returned, results.json is kept, no report is written', async () => {
    const { out, input } = await plannedRun();
    const reportError = await writeOutputs({ ...input, render: () => { throw new TypeError('cannot read properties of undefined (reading "x")'); } });
    expect(reportError).toBe('TypeError: cannot read properties of undefined (reading "x")');
    expect((await readResults(out)).runId).toBe('r1');
    expect(existsSync(join(out, 'report.md'))).toBe(false);
  });
});

describe('rerenderOutputs (dflab report OUT)', () => {
  it('shows the ranking results.json records, and ranks again only for another objective', async () => {
    const { out, input } = await plannedRun();
    // A recorded reason no ranking would produce: shown as it is, so the report did not rank again.
    const recorded = { ...input.results, recommendedReason: 'the reason the run recorded' };
    await writeOutputs({ ...input, results: recorded });
    const same = await rerenderOutputs(out, await readResults(out));
    expect(same).toMatchObject({ reason: 'the reason the run recorded', results: { recommended: 'all', objective: 'size' } });
    expect(readFileSync(join(out, 'report.md'), 'utf8')).toContain('the reason the run recorded');
    const build = await rerenderOutputs(out, await readResults(out), 'build');
    expect(build).toMatchObject({ results: { objective: 'build', recommended: null } });
    // 30 s against 31 s, no ± recorded: inside the floor (5% of 31 s), so the smaller base-slim ranks first on build
    // but is not recommended for a speed it did not measurably have.
    expect((build as { reason: string }).reason).toMatch(/^base-slim ranks first, but its cold build is not measurably faster than original's \(31\.0 s vs 30\.0 s: inside the noise\)/);
    expect(readFileSync(join(out, 'report.md'), 'utf8')).toContain('Ranked by build.');
    // results.json is left as the run wrote it.
    expect((await readResults(out)).recommendedReason).toBe('the reason the run recorded');
  });
});
