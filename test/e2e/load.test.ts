// Load: 16 variants of a small project with --concurrency 4 finish with correct, distinct results and leave
// no object with the run label behind.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Results } from '../../src/results.js';
import { runCli } from '../helpers/cli.js';
import { containersWithLabel, imagesWithLabel } from '../helpers/engine.js';

const RULES = ['base-slim', 'merge-runs', 'apt-hygiene', 'dockerignore'];

/** Every combination of two or three of the rules (the singles and `all` are planned anyway): 6 + 4. */
function combinations(): { name: string; rules: string[] }[] {
  const out: { name: string; rules: string[] }[] = [];
  for (let mask = 1; mask < 1 << RULES.length; mask++) {
    const rules = RULES.filter((_, i) => mask & (1 << i));
    if (rules.length === 2 || rules.length === 3) out.push({ name: `combo-${rules.map((r) => r.split('-')[0]).join('-')}`, rules });
  }
  return out;
}

function project(): string {
  const dir = mkdtempSync(join(tmpdir(), 'dflab-load-'));
  writeFileSync(join(dir, 'Dockerfile'), [
    'FROM debian:trixie',
    'RUN apt-get update && apt-get install -y netbase',
    'RUN head -c 5000000 /dev/urandom > /tmp/blob && echo built',
    'RUN rm /tmp/blob',
    'WORKDIR /app',
    'COPY . /app',
    'CMD ["cat", "/app/app.txt"]',
    '',
  ].join('\n'));
  writeFileSync(join(dir, 'app.txt'), 'hello from the load test\n');
  mkdirSync(join(dir, '.git'));
  writeFileSync(join(dir, '.git', 'HEAD'), 'ref: refs/heads/main\n');
  mkdirSync(join(dir, '__pycache__'));
  writeFileSync(join(dir, '__pycache__', 'junk.cpython-313.pyc'), Buffer.alloc(300_000, 7));
  const variants = combinations().map((c) => `  - {name: ${c.name}, rules: [${c.rules.join(', ')}]}`).join('\n');
  writeFileSync(join(dir, 'dflab.yaml'), [
    `rules: {include: [${RULES.join(', ')}]}`,
    'variants:',
    variants,
    'smoke:',
    '  command: ["cat", "/app/app.txt"]',
    '  expectStdout: "^hello from the load test"',
    '  timeoutSeconds: 60',
    '',
  ].join('\n'));
  return dir;
}

describe('load', () => {
  it('16 variants with --concurrency 4: all finish, distinct and correct, nothing leaked', async () => {
    const dir = project();
    const out = join(dir, 'out');
    const res = await runCli(['run', dir, '--out', out, '--concurrency', '4', '--json'], { timeoutMinutes: 25 });
    expect(res.status, res.stderr.slice(-3000)).toBe(0);
    const results = JSON.parse(res.stdout) as Results;
    expect(results.variants.length).toBe(16);
    expect(new Set(results.variants.map((v) => v.name)).size).toBe(16);
    for (const v of results.variants) {
      expect(v.outcome, `${v.name}: ${v.error}`).toBe('ok');
      expect(v.smoke?.passed, v.name).toBe(true);
      expect(v.sizeBytes, v.name).toBeGreaterThan(0);
    }
    // Distinct Dockerfiles and ignore files (the planner dedupes identical ones); each result is its own variant's.
    const dockerfiles = results.variants.map((v) => readFileSync(join(out, v.dockerfile), 'utf8') + readFileSync(join(out, `${v.dockerfile}.dockerignore`), 'utf8'));
    expect(new Set(dockerfiles).size).toBe(16);
    // Each result is its own variant's: adding base-slim (a smaller base) or merge-runs (the 5 MB blob deleted in
    // the same layer) to a set of rules always gives a smaller image than the same set without it.
    const bySet = new Map(results.variants.map((v) => [[...v.rules].sort().join(','), v.sizeBytes!]));
    let pairs = 0;
    for (const v of results.variants) {
      for (const rule of ['base-slim', 'merge-runs'].filter((r) => v.rules.includes(r))) {
        const without = bySet.get(v.rules.filter((r) => r !== rule).sort().join(','));
        if (without === undefined) continue;
        expect(v.sizeBytes!, `${v.name} vs without ${rule}`).toBeLessThan(without);
        pairs++;
      }
    }
    expect(pairs).toBeGreaterThanOrEqual(8);
    expect(containersWithLabel(`dflab.run=${results.runId}`)).toEqual([]);
    expect(imagesWithLabel(`dflab.run=${results.runId}`)).toEqual([]);
  });
});
