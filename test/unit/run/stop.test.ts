// The stop policy: what a variant's result means once the run is stopping, and why a variant has none.
import { describe, expect, it } from 'vitest';
import type { Outcome } from '../../../src/results.js';
import { StopPolicy } from '../../../src/run/stop.js';
import { unmeasured } from '../../../src/run/variant.js';

const result = (outcome: Outcome, error: string | null = null) => ({ ...unmeasured('base-slim', ['base-slim'], error), outcome, sizeBytes: 1 });

function policy(engine: string | null, user?: AbortController) {
  const pings: number[] = [];
  const lines: string[] = [];
  const stop = new StopPolicy(user?.signal, (l) => lines.push(l), async () => { pings.push(1); return engine; });
  return { stop, pings, lines };
}

describe('StopPolicy', () => {
  it('keeps results while the run goes on; asks the engine only after a failure that could be its going away', async () => {
    const { stop, pings } = policy(null);
    expect(await stop.review(result('ok'))).toMatchObject({ outcome: 'ok' });
    expect(await stop.review(result('smoke-failed'))).toMatchObject({ outcome: 'smoke-failed' });
    expect(pings).toHaveLength(0);
    expect(await stop.review(result('build-failed', 'step failed'))).toMatchObject({ outcome: 'build-failed' });
    expect(pings).toHaveLength(1);
    expect([stop.reason, stop.signal.aborted, stop.notRunReason()]).toEqual([null, false, 'not run']);
  });

  it('the engine gone: the run stops, the variant is kept as not run (so --resume builds it again)', async () => {
    const { stop, lines } = policy('connect ENOENT /var/run/docker.sock');
    const kept = await stop.review(result('build-failed', 'failed to dial\nmore'));
    expect(kept).toMatchObject({ outcome: 'skipped', sizeBytes: null, error: 'the Docker engine stopped answering during this variant (failed to dial)' });
    expect([stop.reason, stop.signal.aborted, stop.engineLost]).toEqual(['engine-lost', true, 'connect ENOENT /var/run/docker.sock']);
    expect(lines).toEqual(['the Docker engine stopped answering (connect ENOENT /var/run/docker.sock): stopping the run']);
    expect(stop.notRunReason()).toBe('the Docker engine stopped answering before this variant finished');
  });

  it('interrupted: a finished ok result is kept, a failure the interruption caused is dropped (listed as not run)', async () => {
    const user = new AbortController();
    const { stop, pings } = policy(null, user);
    user.abort();
    expect(stop.signal.aborted).toBe(true);
    expect(await stop.review(result('ok'))).toMatchObject({ outcome: 'ok' });
    expect(await stop.review(result('build-failed', 'cancelled'))).toBeNull();
    expect(pings).toHaveLength(0);
    expect([stop.reason, stop.notRunReason()]).toEqual(['interrupted', 'interrupted before this variant finished']);
  });

  it('a signal aborted before the run began stops it at once', () => {
    const user = new AbortController();
    user.abort();
    expect(policy(null, user).stop.signal.aborted).toBe(true);
  });
});
