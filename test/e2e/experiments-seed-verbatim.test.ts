// End to end on experiments/seed-verbatim: the article's Dockerfile as written. Offline there is no python:3.10
// and no PyPI, so dflab must plan it, then report every variant as base-unavailable or build-failed with the
// engine's real reason, in a finished report — never crash.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { dflabPlan, dflabRun, experimentDir, type DflabRun } from '../helpers/experiments.js';
import { containersWithLabel, imagesWithLabel } from '../helpers/engine.js';

const project = experimentDir('seed-verbatim');
const offline = process.env.DFLAB_ONLINE !== '1';

describe('experiments/seed-verbatim', () => {
  it('dflab plan lists the article remedies', async () => {
    const res = await dflabPlan(project);
    expect(res.status, res.stderr).toBe(0);
    for (const name of ['base-slim', 'multi-stage', 'torch-cpu', 'prune-requirements', 'pip-no-cache', 'apt-hygiene', 'dockerignore', 'all']) {
      expect(res.stdout).toMatch(new RegExp(`^variant ${name} `, 'm'));
    }
    expect(res.stdout).toContain('removed: pytest, jupyter, ipython, black, flake8, mypy (requirements.txt)');
  });

  describe.runIf(offline)('dflab run, offline', () => {
    let run: DflabRun;
    beforeAll(async () => {
      run = await dflabRun(project, [], 5);
    });

    it('finishes with a report in which no variant is ok, each with the real reason; exit 1 says the original has no base', () => {
      expect(run.status, run.stderr.slice(-2000)).toBe(1);
      expect(run.stderr).toMatch(/^dflab: the original could not get its base image \(.*python:3\.10/m);
      expect(run.stderr).not.toMatch(/internal error/);
      expect(existsSync(join(run.out, 'report.md'))).toBe(true);
      expect(run.results.variants.length).toBeGreaterThanOrEqual(8);
      for (const v of run.results.variants) {
        expect(['base-unavailable', 'build-failed'], `${v.name}: ${v.outcome}`).toContain(v.outcome);
        expect(v.error, v.name).toBeTruthy();
      }
      const original = run.results.variants.find((v) => v.name === 'original')!;
      expect(original.outcome).toBe('base-unavailable');
      expect(original.error).toMatch(/python:3\.10/);
      expect(run.results.recommended ?? null).toBeNull();
      expect(readFileSync(join(run.out, 'report.md'), 'utf8')).toMatch(/No recommendation/);
    });

    it('leaves no container and no image with the run label', () => {
      expect(containersWithLabel(`dflab.run=${run.results.runId}`)).toEqual([]);
      expect(imagesWithLabel(`dflab.run=${run.results.runId}`)).toEqual([]);
    });
  });
});
