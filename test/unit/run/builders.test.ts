// Builds spread over several builders: the builder free first takes the next cold build, a variant's later builds
// stay on its builder, each builder runs its own number of builds at a time.
import { describe, expect, it } from 'vitest';
import type { BuilderTarget } from '../../../src/engine/builders.js';
import { OWN_ENGINE } from '../../../src/engine/endpoint.js';
import { BuildGate } from '../../../src/run/build-gate.js';
import { BuilderPool, builderSpecs } from '../../../src/run/builders.js';

const target = (name: string): BuilderTarget => ({ name, driver: 'docker', endpoint: name === 'a' ? OWN_ENGINE : { context: name, host: `unix:///${name}.sock` } });
const [a, b] = [target('a'), target('b')];

/** A build that lasts until released, recording where and when it ran. */
function harness() {
  const log: string[] = [];
  const running = new Map<string, () => void>();
  const build = (id: string) => (t: BuilderTarget) => new Promise<string>((done) => {
    log.push(`${id}@${t.name}`);
    running.set(id, () => done(t.name));
  });
  const release = async (id: string) => { running.get(id)!(); running.delete(id); await new Promise((r) => setTimeout(r, 0)); };
  return { log, running, build, release };
}
const settle = () => new Promise((r) => setTimeout(r, 0));

describe('BuilderPool', () => {
  it('gives each cold build to the builder free first, one build at a time on each', async () => {
    const pool = new BuilderPool([a, b], 1);
    const h = harness();
    const done = ['v1', 'v2', 'v3', 'v4'].map((id) => pool.run(h.build(id)));
    await settle();
    expect(h.log).toEqual(['v1@a', 'v2@b']);
    await h.release('v2'); // b is free first: the next build goes there, not round-robin
    expect(h.log).toEqual(['v1@a', 'v2@b', 'v3@b']);
    await h.release('v3');
    expect(h.log.at(-1)).toBe('v4@b');
    await h.release('v1');
    await h.release('v4');
    expect(await Promise.all(done)).toEqual(['a', 'b', 'b', 'b']);
  });

  it('keeps a variant\'s later build on its own builder, waiting for it there', async () => {
    const pool = new BuilderPool([a, b], 1);
    const h = harness();
    void pool.run(h.build('cold-a'));
    void pool.run(h.build('cold-b'));
    const warm = pool.run(h.build('warm-of-b'), b);
    await settle();
    await h.release('cold-a'); // a is free, but b's edit-rebuild waits for b
    expect(h.log).toEqual(['cold-a@a', 'cold-b@b']);
    await h.release('cold-b');
    expect(h.log.at(-1)).toBe('warm-of-b@b');
    await h.release('warm-of-b');
    expect(await warm).toBe('b');
  });

  it('runs `perBuilder` builds at a time on each builder, and stops starting them once guarded', async () => {
    let stopped = false;
    const pool = new BuilderPool([a, b], 2, () => { if (stopped) throw new Error('stopped'); });
    expect(pool.concurrency).toBe(4);
    expect(pool.first).toBe(a);
    const h = harness();
    for (const id of ['1', '2', '3', '4']) void pool.run(h.build(id));
    await settle();
    expect(h.log.sort()).toEqual(['1@a', '2@b', '3@a', '4@b']);
    stopped = true;
    const late = expect(pool.run(h.build('late'), a)).rejects.toThrow('stopped');
    await h.release('1'); // a has room again: the late build's turn comes, and the guard refuses it
    await late;
    expect(h.log).not.toContain('late@a');
  });
});

describe('BuilderPool and the gate', () => {
  it('holds measurements back from the moment a build is queued until every queued build has run', async () => {
    const gate = new BuildGate(true);
    const pool = new BuilderPool([a], 1, () => undefined, gate);
    const h = harness();
    const measured: string[] = [];
    const builds = [pool.run(h.build('cold-1')), pool.run(h.build('cold-2')), pool.run(h.build('warm-1'), a)];
    const measure = gate.between(async () => { measured.push(`after ${h.log.length} builds`); });
    for (let i = 0; i < 3; i++) {
      await settle();
      expect(measured).toEqual([]); // a build is running or still queued
      expect(h.running.size).toBe(1);
      await h.release([...h.running.keys()][0]!);
    }
    await Promise.all([...builds, measure]);
    expect(measured).toEqual(['after 3 builds']);
  });

  it('a build refused by the guard stops holding measurements back', async () => {
    const gate = new BuildGate(true);
    const pool = new BuilderPool([a], 1, () => { throw new Error('stopped'); }, gate);
    await expect(pool.run(async () => 'never')).rejects.toThrow('stopped');
    await expect(gate.between(async () => 'measured')).resolves.toBe('measured');
  });
});

describe('builderSpecs', () => {
  it('--builder a,b replaces dflab.yaml\'s list but keeps the context it gives a builder; nothing named: the current builder', () => {
    const configured = [{ name: 'b', context: 'ctx-b' }, { name: 'c', context: null }];
    expect(builderSpecs('a, b', configured)).toEqual([{ name: 'a', context: null }, { name: 'b', context: 'ctx-b' }]);
    expect(builderSpecs(undefined, configured)).toEqual(configured);
    expect(builderSpecs(undefined, [])).toEqual([{ name: null, context: null }]);
  });
});
