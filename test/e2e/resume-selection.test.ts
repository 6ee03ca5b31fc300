// `dflab run --resume OUT` finishes a run with the choices the first run made (--rules, --objective,
// --exact-cold …, recorded in results.json), and refuses flags that would contradict them, --out among them.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { resultsSchema, type Results } from '../../src/results.js';
import { root, runCli, type CliResult } from '../helpers/cli.js';
import { containersWithLabel, imagesWithLabel } from '../helpers/engine.js';

const experiment = join(root, 'experiments/hello-py');
const read = (out: string) => resultsSchema.parse(JSON.parse(readFileSync(join(out, 'results.json'), 'utf8'))) as Results;

describe('dflab run --resume on experiments/hello-py', () => {
  const out = join(mkdtempSync(join(tmpdir(), 'dflab-resume-')), 'out');
  let first: Results;
  let resumed: CliResult;
  let after: Results;

  beforeAll(async () => {
    // Not dflab.yaml's choice (hello-py selects no rules, so base-alpine would be planned too), nor its objective.
    const run = await runCli(['run', experiment, '--out', out, '--rules', 'base-slim', '--objective', 'build', '--exact-cold', '--repeat', '2', '--quiet']);
    expect(run.status, run.stderr).toBe(0);
    first = read(out);
    // The state an interruption leaves: base-slim not finished (listed as skipped), the original finished.
    const interrupted = {
      ...first,
      variants: first.variants.map((v) => (v.name === 'base-slim' ? { ...v, outcome: 'skipped', sizeBytes: null, build: null, smoke: null, error: 'interrupted before this variant finished' } : v)),
    };
    writeFileSync(join(out, 'results.json'), JSON.stringify(interrupted, null, 2));
    resumed = await runCli(['run', '--resume', out]);
    after = read(out);
  });

  it('the first run records its selection', () => {
    expect(first.selection).toEqual({ rules: ['base-slim'], skipRules: null, bases: null, objective: 'build', exactCold: true, repeat: 2 });
    expect(first.variants.map((v) => v.name).sort()).toEqual(['base-slim', 'original']);
  });

  it('the resumed run keeps the original, builds only base-slim, with the same rules, objective, --exact-cold and --repeat', () => {
    expect(resumed.status, resumed.stderr).toBe(0);
    expect(resumed.stderr).toContain('resuming: original already finished');
    expect(resumed.stderr).not.toMatch(/original: building/);
    expect(after.runId).toBe(first.runId);
    expect(after.selection).toEqual(first.selection);
    expect(after.objective).toBe('build');
    expect(after.variants.map((v) => v.name).sort()).toEqual(['base-slim', 'original']);
    expect(after.variants.find((v) => v.name === 'original')).toMatchObject({ outcome: 'ok', sizeBytes: first.variants.find((v) => v.name === 'original')!.sizeBytes });
    const slim = after.variants.find((v) => v.name === 'base-slim')!;
    expect(slim.outcome, slim.error ?? '').toBe('ok');
    // --exact-cold restored: built with --no-cache, so its RUN step ran although the first run had just cached it.
    const run = slim.build!.steps.filter((s) => /RUN python -m compileall/.test(s.name));
    expect(run.length).toBe(1);
    expect(run[0]!.cached).toBe(false);
    // --repeat 2 restored: two edit-rebuilds.
    expect(slim.build!.warmSamples).toHaveLength(2);
    expect(containersWithLabel(`dflab.run=${after.runId}`)).toEqual([]);
    expect(imagesWithLabel(`dflab.run=${after.runId}`)).toEqual([]);
  });

  it('--out, or a choice the run recorded, with --resume: a usage error, exit 2, nothing run', async () => {
    const before = readFileSync(join(out, 'results.json'), 'utf8');
    const withOut = await runCli(['run', '--resume', out, '--out', join(out, '..', 'elsewhere')]);
    expect(withOut.status, withOut.stderr).toBe(2);
    expect(withOut.stderr).toMatch(/^dflab: --out cannot be given with --resume/m);
    const withRules = await runCli(['run', '--resume', out, '--rules', 'all', '--exact-cold']);
    expect(withRules.status, withRules.stderr).toBe(2);
    expect(withRules.stderr).toMatch(/^dflab: --rules, --exact-cold cannot be given with --resume/m);
    expect(readFileSync(join(out, 'results.json'), 'utf8')).toBe(before);
  });
});
