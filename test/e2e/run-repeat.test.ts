// End to end on the real engine: --repeat 3 measures every variant's edit-rebuild three times, and a second
// --exact-cold run of the same project gives each step a repeat in the step-time history, so cold times get a ±.
// Nothing here asserts how long anything took: only that the samples and spreads are recorded and shown.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { resultsSchema, type Results } from '../../src/results.js';
import { root, runCli, type CliResult } from '../helpers/cli.js';

const experiment = join(root, 'experiments/hello-py');

describe('dflab run --repeat 3 on experiments/hello-py, then again with --exact-cold', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'dflab-repeat-'));
  // A history of its own: the first run starts from nothing, so what the second knows comes from the first.
  const env = { XDG_CACHE_HOME: join(tmp, 'cache') };
  const [first, second] = [join(tmp, 'out1'), join(tmp, 'out2')];
  let run1: CliResult;
  let run2: CliResult;
  let results1: Results;
  let results2: Results;

  beforeAll(async () => {
    const args = ['--rules', 'base-slim', '--exact-cold'];
    run1 = await runCli(['run', experiment, ...args, '--repeat', '3', '--out', first], { env });
    results1 = resultsSchema.parse(JSON.parse(readFileSync(join(first, 'results.json'), 'utf8')));
    run2 = await runCli(['run', experiment, ...args, '--out', second], { env });
    results2 = resultsSchema.parse(JSON.parse(readFileSync(join(second, 'results.json'), 'utf8')));
  });

  it('records three edit-rebuild samples per variant, their median as warmSeconds and half their range as ±', () => {
    expect(run1.status, run1.all).toBe(0);
    expect(results1.selection?.repeat).toBe(3);
    const built = results1.variants.filter((v) => v.outcome === 'ok');
    expect(built.map((v) => v.name).sort()).toEqual(['base-slim', 'original']);
    for (const v of built) {
      const samples = v.build!.warmSamples!;
      expect(samples, v.name).toHaveLength(3);
      const sorted = [...samples].sort((a, b) => a - b);
      expect(v.build!.warmSeconds).toBe(sorted[1]);
      // the spread is kept to 0.01 s: half a hundredth either way (toBeCloseTo's bound excludes exactly 0.005)
      expect(Math.abs(v.build!.warmSpreadSeconds! - (sorted[2]! - sorted[0]!) / 2)).toBeLessThanOrEqual(0.005 + 1e-9);
      // Each repeat really rebuilt (a different line appended each time): three build logs.
      for (const n of [1, 2, 3]) expect(readFileSync(join(first, 'logs', `${v.name}.warm-${n}.rawjson`), 'utf8').length).toBeGreaterThan(0);
    }
  });

  it('leaves the cold ± unknown on a first run (each step recorded once), and knows it once a step has run twice', () => {
    for (const v of results1.variants.filter((r) => r.outcome === 'ok')) expect(v.build!.coldSpreadSeconds, v.name).toBeNull();
    expect(run2.status, run2.all).toBe(0);
    for (const v of results2.variants.filter((r) => r.outcome === 'ok')) {
      expect(v.build!.coldSpreadSeconds, v.name).toEqual(expect.any(Number));
      expect(v.build!.warmSamples).toHaveLength(1);
      expect(v.build!.warmSpreadSeconds).toBeNull();
    }
    const history = JSON.parse(readFileSync(join(tmp, 'cache', 'dflab', 'step-seconds.json'), 'utf8')) as Record<string, unknown>;
    expect(Object.values(history).some((x) => Array.isArray(x) && x.length === 2)).toBe(true);
  });

  it('shows ± in report.md, report.html and the terminal table', () => {
    const pm = /\d+\.\d ± \d+\.\d s/;
    for (const out of [first, second]) {
      expect(readFileSync(join(out, 'report.md'), 'utf8')).toMatch(pm);
      expect(readFileSync(join(out, 'report.html'), 'utf8')).toMatch(pm);
    }
    expect(readFileSync(join(first, 'report.md'), 'utf8')).toMatch(/edit-rebuild \d+\.\d ± \d+\.\d s \(median of 3 runs\)/);
    // The second run's cold times have a ±: the table printed at the end of the run shows it.
    expect(run2.stdout).toMatch(/original .*\d+\.\d ± \d+\.\d s/);
  });
});
