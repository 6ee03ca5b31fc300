// End to end: `dflab run --prove 1` on a small project builds the original and the best predicted variant only;
// the other predicted variants are reported as predicted only, never ranked or recommended.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { resultsSchema, type Results } from '../../src/results.js';
import { root, runCli, type CliResult } from '../helpers/cli.js';

const project = join(root, 'test/fixtures/budget-prove');

describe('dflab run --prove 1', () => {
  const out = join(mkdtempSync(join(tmpdir(), 'dflab-prove-')), 'out');
  let run: CliResult;
  let results: Results;

  beforeAll(async () => {
    run = await runCli(['run', project, '--prove', '1', '--out', out, '--json']);
    results = JSON.parse(run.stdout) as Results;
  });

  it('builds the original and the best predicted variant, and stops', () => {
    expect(run.status, run.stderr).toBe(0);
    expect(resultsSchema.safeParse(JSON.parse(readFileSync(join(out, 'results.json'), 'utf8'))).error?.issues).toBeUndefined();
    expect(results.selection?.prove).toBe(1);
    const predicted = results.variants.filter((v) => v.predicted).sort((a, b) => a.predicted!.sizeBytes - b.predicted!.sizeBytes);
    expect(predicted.length).toBeGreaterThanOrEqual(3);
    const built = results.variants.filter((v) => v.sizeBytes !== null).map((v) => v.name).sort();
    expect(built).toEqual(['original', predicted[0]!.name].sort());
    const best = predicted[0]!;
    expect(best.outcome).toBe('ok');
    expect(Math.abs(best.predicted!.sizeBytes / best.sizeBytes! - 1)).toBeLessThan(0.15);
  });

  it('reports the rest as predicted only (or not built, when unpredicted), ranks and recommends only measured variants', () => {
    const rest = results.variants.filter((v) => v.sizeBytes === null);
    expect(rest.length).toBeGreaterThanOrEqual(2);
    for (const v of rest) {
      expect(v.rank, v.name).toBeNull();
      expect(v.predictedOnly === true, v.name).toBe(v.predicted !== undefined);
      if (!v.predicted) expect(v.unpredicted?.code, v.name).toBeTruthy();
      expect(v.error, v.name).toContain('--prove 1');
    }
    expect(rest.some((v) => v.predictedOnly)).toBe(true);
    const ranked = results.variants.filter((v) => v.rank !== null);
    expect(ranked.every((v) => v.outcome === 'ok' && v.sizeBytes !== null)).toBe(true);
    const recommended = results.variants.find((v) => v.name === results.recommended);
    expect(recommended?.sizeBytes).not.toBeNull();
    expect(recommended?.predictedOnly).toBeUndefined();
  });

  it('shows predicted vs measured in the report and marks what was not built', () => {
    const md = readFileSync(join(out, 'report.md'), 'utf8');
    expect(md).toContain('## Predicted vs measured');
    expect(md).toMatch(/\| predicted only \|/);
    expect(readFileSync(join(out, 'report.html'), 'utf8')).toContain('<span class="badge">predicted only</span>');
  });
});
