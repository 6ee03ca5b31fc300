// Attributed cold times (cache hits credited with the step's recorded duration) against measured ones
// (--exact-cold: a --no-cache build). Asserts agreement within a generous bound, never a time.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { allRules } from '../../src/rules/index.js';
import { StepTimes } from '../../src/run/step-times.js';
import { runTrial } from '../../src/run/trial.js';

describe('cold build time: attributed vs --exact-cold', () => {
  it('a fully cached rebuild is credited about what a no-cache build measures', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dflab-cold-'));
    const stamp = `${process.pid}-${Date.now()}`;
    // The first RUN prints at 1 s and at 3 s: ~1 s of it is quiet (before its first line, after its last), never the 2 s
    // between its lines. The second prints nothing: no quiet part to tell apart.
    writeFileSync(join(dir, 'Dockerfile'), `FROM debian:trixie-slim\nRUN sleep 1 && echo one-${stamp} && sleep 2 && echo ${stamp} | tee /a\nRUN sleep 2 && echo ${stamp} > /b\nCOPY app.txt /app.txt\n`);
    writeFileSync(join(dir, 'app.txt'), 'app\n');
    writeFileSync(join(dir, 'dflab.yaml'), `rules: {exclude: [${allRules.map((r) => r.id).join(', ')}]}\n`);
    const stepTimes = StepTimes.inMemory();
    const original = async (exactCold: boolean) => {
      const { results } = await runTrial({ dir, outDir: join(dir, `out-${exactCold}-${Date.now()}`), stepTimes, exactCold });
      const v = results.variants.find((r) => r.name === 'original')!;
      expect(v.outcome, v.error ?? '').toBe('ok');
      return v.build!;
    };
    const first = await original(false); // really runs every step: records their durations
    const attributed = await original(false); // every step a cache hit: credited with the recorded durations
    const exact = await original(true); // --no-cache: measured again
    expect(first.steps.filter((s) => /sleep/.test(s.name)).every((s) => !s.cached)).toBe(true);
    expect(attributed.steps.filter((s) => /sleep/.test(s.name)).every((s) => s.cached)).toBe(true);
    expect(exact.steps.filter((s) => /sleep/.test(s.name)).every((s) => !s.cached)).toBe(true);
    const [printing, silent] = [(b: typeof first) => b.steps.find((s) => s.name.includes('tee'))!, (b: typeof first) => b.steps.find((s) => s.name.includes('/b'))!];
    for (const b of [first, exact]) {
      expect(printing(b).quietSeconds).toBeGreaterThanOrEqual(0.95);
      expect(printing(b).quietSeconds!).toBeLessThanOrEqual(printing(b).seconds - 1.95);
      expect(silent(b).quietSeconds).toBeUndefined();
    }
    // A cache hit is credited with the quiet part recorded when the step ran, as with its seconds.
    expect(printing(attributed).quietSeconds).toBe(printing(first).quietSeconds);
    // The sleeps alone take 5 s, whichever way the time is arrived at.
    for (const b of [first, attributed, exact]) expect(b.coldSeconds).toBeGreaterThanOrEqual(5);
    const ratio = attributed.coldSeconds! / exact.coldSeconds!;
    expect(ratio).toBeGreaterThan(0.5);
    expect(ratio).toBeLessThan(2);
    // Each step had run once when the first two builds were credited: no ±. The --no-cache build ran each step a
    // second time, so it knows how much they vary.
    expect([first.coldSpreadSeconds, attributed.coldSpreadSeconds]).toEqual([null, null]);
    expect(exact.coldSpreadSeconds).toEqual(expect.any(Number));
  });
});
