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

describe('BuildGate: measurements between builds', () => {
  it('starts a measurement only once no build runs, waits or is expected; measurements run together', async () => {
    const gate = new BuildGate();
    const log: string[] = [];
    const b1 = job(log, 'build-1');
    const b2 = job(log, 'build-2');
    const [m1, m2] = [job(log, 'measure-1'), job(log, 'measure-2')];
    const first = gate.alone(b1.run);
    const coming = gate.expect(); // build-2 is queued for its builder, not at the gate yet
    const measured = [gate.between(m1.run), gate.between(m2.run)];
    await tick();
    b1.release(); await first; await tick();
    expect(log).toEqual(['+build-1', '-build-1']); // build-2 is expected: the measurements wait for it
    const second = gate.alone(b2.run, coming);
    coming.arrived(); // a second arrival changes nothing
    await tick();
    expect(log.at(-1)).toBe('+build-2');
    b2.release(); await second; await tick();
    expect(log.slice(-2)).toEqual(['+measure-1', '+measure-2']);
    m1.release(); m2.release(); await Promise.all(measured);
    buildsRanAlone(log);
  });

  it('other work joins running work although a build waits; a measurement does not', async () => {
    const gate = new BuildGate();
    const log: string[] = [];
    const read = job(log, 'read');
    const build = job(log, 'build-e');
    const [push, measure] = [job(log, 'push'), job(log, 'measure')];
    const r = gate.beside(read.run);
    const b = gate.alone(build.run);
    const p = gate.beside(push.run);
    const m = gate.between(measure.run);
    await tick();
    expect(log).toEqual(['+read', '+push']);
    read.release(); push.release(); await Promise.all([r, p]); await tick();
    expect(log.at(-1)).toBe('+build-e');
    build.release(); await b; await tick();
    expect(log.at(-1)).toBe('+measure');
    measure.release(); await m;
    buildsRanAlone(log);
  });

  it('with builds beside (the gate off), a measurement starts at once', async () => {
    const gate = new BuildGate(false);
    const log: string[] = [];
    gate.expect();
    const build = job(log, 'build-f');
    const measure = job(log, 'measure');
    const b = gate.alone(build.run);
    const m = gate.between(measure.run);
    await tick();
    expect(log).toEqual(['+build-f', '+measure']);
    build.release(); measure.release(); await Promise.all([b, m]);
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
