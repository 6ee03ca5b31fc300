import { describe, expect, it } from 'vitest';
import { ALONE_BELOW_SECONDS, BuildGate, chooseBuildsAlone, openGate, type Gate } from '../../../src/run/build-gate.js';

/** A job that runs until released, recording when it started and ended in `log`. */
function job(log: string[], name: string) {
  let release!: () => void;
  const done = new Promise<void>((r) => { release = r; });
  return { release, run: async () => { log.push(`+${name}`); await done; log.push(`-${name}`); return name; } };
}

const tick = () => new Promise((r) => setImmediate(r));

/** Asserts that no build overlapped anything in the log: between a build's start and end, nothing starts. */
function buildsRanAlone(log: string[]): void {
  let running = new Set<string>();
  for (const e of log) {
    const name = e.slice(1);
    if (e.startsWith('+')) {
      if (name.startsWith('build') || [...running].some((r) => r.startsWith('build'))) expect([...running], `${name} started beside ${[...running]}`).toEqual([]);
      running = new Set([...running, name]);
    } else running.delete(name);
  }
}

describe('BuildGate', () => {
  it('runs a build only once the other work has ended, and nothing beside it', async () => {
    const gate = new BuildGate();
    const log: string[] = [];
    const push = job(log, 'push');
    const read = job(log, 'read');
    const build = job(log, 'build-a');
    const smoke = job(log, 'smoke');
    const p1 = gate.beside(push.run);
    const p2 = gate.beside(read.run);
    const b = gate.alone(build.run);
    await tick();
    expect(log).toEqual(['+push', '+read']); // the build waits for both
    push.release(); await p1; await tick();
    expect(log).not.toContain('+build-a');
    read.release(); await p2; await tick();
    expect(log.at(-1)).toBe('+build-a');
    const s = gate.beside(smoke.run); // work asked for while the build runs waits for it
    await tick();
    expect(log).not.toContain('+smoke');
    build.release(); await b; await tick();
    expect(log.at(-1)).toBe('+smoke');
    smoke.release(); await s;
    buildsRanAlone(log);
  });

  it('lets other work join work already running even when a build waits (a measurement may await a push)', async () => {
    const gate = new BuildGate();
    const log: string[] = [];
    const push = job(log, 'push');
    const measure = job(log, 'measure');
    const build = job(log, 'build-b');
    const p = gate.beside(push.run);
    const b = gate.alone(build.run);
    const m = gate.beside(measure.run);
    await tick();
    expect(log).toEqual(['+push', '+measure']);
    push.release(); measure.release(); await Promise.all([p, m]); await tick();
    expect(log.at(-1)).toBe('+build-b');
    build.release(); await b;
    buildsRanAlone(log);
  });

  it('runs builds one at a time, in the order they came, and passes on a failure after leaving', async () => {
    const gate = new BuildGate();
    const log: string[] = [];
    const a = job(log, 'build-1');
    const bad = gate.alone(async () => { log.push('+build-0'); log.push('-build-0'); throw new Error('build failed'); });
    const b1 = gate.alone(a.run);
    await expect(bad).rejects.toThrow('build failed');
    await tick();
    expect(log.at(-1)).toBe('+build-1');
    a.release(); await b1;
    await expect(gate.beside(async () => 'after')).resolves.toBe('after');
    buildsRanAlone(log);
  });

  it('the open gate lets builds run beside other work', async () => {
    const gate: Gate = openGate;
    const log: string[] = [];
    const push = job(log, 'push');
    const build = job(log, 'build-c');
    const p = gate.beside(push.run);
    const b = gate.alone(build.run);
    await tick();
    expect(log).toEqual(['+push', '+build-c']);
    push.release(); build.release();
    await Promise.all([p, b]);
  });
});

describe('BuildGate switched', () => {
  it('lets everything through while off, and counts it, so switching on mid-run keeps a build from what already runs', async () => {
    const gate = new BuildGate(false);
    const log: string[] = [];
    const push = job(log, 'push');
    const p = gate.beside(push.run);
    gate.buildsAlone = true;
    const build = job(log, 'build-d');
    const b = gate.alone(build.run);
    await tick();
    expect(log).toEqual(['+push']);
    push.release(); await p; await tick();
    expect(log.at(-1)).toBe('+build-d');
    gate.buildsAlone = false; // off again: work asked for now does not wait for the build
    const smoke = job(log, 'smoke');
    const s = gate.beside(smoke.run);
    await tick();
    expect(log.at(-1)).toBe('+smoke');
    build.release(); smoke.release();
    await Promise.all([b, s]);
  });
});

describe('chooseBuildsAlone', () => {
  const one = { builders: 1 } as const;
  it('runs builds alone when the original built in under a minute, beside when longer or unknown', () => {
    expect(chooseBuildsAlone({ ...one, originalColdSeconds: 2.1 })).toMatchObject({ alone: true });
    expect(chooseBuildsAlone({ ...one, originalColdSeconds: ALONE_BELOW_SECONDS })).toMatchObject({ alone: false });
    expect(chooseBuildsAlone({ ...one, originalColdSeconds: 600 }).why).toContain('600 s');
    expect(chooseBuildsAlone({ ...one, originalColdSeconds: null })).toMatchObject({ alone: false });
  });
  it('never alone over several builders or with --concurrency above 1; the flags win over everything', () => {
    expect(chooseBuildsAlone({ builders: 2, originalColdSeconds: 2 })).toMatchObject({ alone: false });
    expect(chooseBuildsAlone({ ...one, concurrency: 2, originalColdSeconds: 2 })).toMatchObject({ alone: false, why: '--concurrency 2 builds at once' });
    expect(chooseBuildsAlone({ ...one, concurrency: 1, originalColdSeconds: 2 })).toMatchObject({ alone: true });
    expect(chooseBuildsAlone({ builders: 2, flag: true, originalColdSeconds: 600 })).toEqual({ alone: true, why: '--builds-alone' });
    expect(chooseBuildsAlone({ ...one, flag: false, originalColdSeconds: 2 })).toEqual({ alone: false, why: '--no-builds-alone' });
  });
});
