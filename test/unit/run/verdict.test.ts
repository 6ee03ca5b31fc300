// Whether a run answered its question: the original must work, and some variant must when any was planned.
import { describe, expect, it } from 'vitest';
import type { Outcome } from '../../../src/results.js';
import { unmeasured } from '../../../src/run/variant.js';
import { describeVerdict, runVerdict } from '../../../src/run/verdict.js';
import { fixtureRun } from '../report/fixture.js';

const run = (...variants: [string, Outcome, string?][]) => ({
  ...fixtureRun().results,
  variants: variants.map(([name, outcome, error]) => ({ ...unmeasured(name, [], error ?? null), outcome })),
});

describe('runVerdict', () => {
  it('ok when the original works and a variant does (failed ones beside it are fine)', () => {
    expect(runVerdict(fixtureRun().results)).toEqual({ kind: 'ok' });
    expect(runVerdict(run(['original', 'ok'], ['base-slim', 'build-failed', 'x'], ['all', 'ok']))).toEqual({ kind: 'ok' });
  });

  it('ok when no variant was planned: the original alone answered', () => {
    expect(runVerdict(run(['original', 'ok']))).toEqual({ kind: 'ok' });
  });

  it('the original did not build, or failed its smoke test: said with the first line of why', () => {
    const built = runVerdict(run(['original', 'build-failed', '\nstep "[2/3] COPY missing.py ./" failed: not found\nlog line'], ['base-slim', 'ok']));
    expect(built).toEqual({ kind: 'original-failed', outcome: 'build-failed', error: 'step "[2/3] COPY missing.py ./" failed: not found' });
    expect(describeVerdict(built)).toBe('the original did not build (step "[2/3] COPY missing.py ./" failed: not found)');
    const smoke = runVerdict(run(['original', 'smoke-failed', 'smoke test failed: exit code 1, expected 0']));
    expect(describeVerdict(smoke)).toBe('the original failed its smoke test (smoke test failed: exit code 1, expected 0)');
  });

  it('every variant failed (an unavailable base counts): said with how many', () => {
    const v = runVerdict(run(['original', 'ok'], ['base-slim', 'smoke-failed'], ['base-alpine', 'base-unavailable']));
    expect(v).toEqual({ kind: 'all-failed', count: 2 });
    expect(describeVerdict(v)).toBe('every variant failed (2 of 2): none can be recommended');
    expect(describeVerdict({ kind: 'ok' })).toBeNull();
  });
});
