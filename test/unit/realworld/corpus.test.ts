// dflab plan on real public Dockerfiles (test/fixtures/realworld/<name>/: the Dockerfile, its manifests, empty
// stand-ins for the rest, and SOURCE naming repository, path and commit). For each fixture: the plan holds no dflab
// bug, every variant parses and prints back, every patch applies with git, every semantic check of
// ./checks passes on every variant, and the plan — variants, their notes and diffs, the rules not planned with their
// codes — equals the reviewed golden expected.plan.txt (UPDATE_GOLDEN=1 rewrites it; read every change before
// committing). A summary line per fixture goes to test-results/realworld-summary.txt.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseDockerfile, printDockerfile } from '../../../src/dockerfile/index.js';
import type { Plan } from '../../../src/plan/index.js';
import { variantPatches } from '../../../src/run/variant-patches.js';
import { applyAll, fixtureNames, loadFixture, scratchDir } from '../../helpers/corpus.js';
import { checks } from './checks/index.js';

const ROOT = 'test/fixtures/realworld';
const names = fixtureNames(ROOT);
const { dir: scratch, remove } = scratchDir('dflab-realworld-');
const summary = new Map<string, string>();
afterAll(() => {
  remove();
  mkdirSync('test-results', { recursive: true });
  writeFileSync('test-results/realworld-summary.txt', [...summary.entries()].sort().map(([n, l]) => `${n}: ${l}`).join('\n') + '\n');
});

function planText(plan: Plan, patches: Map<string, string>): string {
  const out: string[] = [];
  for (const v of plan.variants.slice(1)) {
    out.push(`## variant ${v.name}${v.rules.length > 1 || v.rules[0] !== v.name ? ` [${v.rules.join(' + ')}]` : ''}`);
    for (const a of v.aliases) out.push(`same build: ${a.name}${a.rules.length > 1 || a.rules[0] !== a.name ? ` [${a.rules.join(' + ')}]` : ''}`);
    if (v.requires.length) out.push(`requires: ${v.requires.map((r) => (r.subject ? `${r.kind} ${r.subject}` : r.kind)).join('; ')}`);
    for (const n of v.notes) out.push(`note: ${n}`);
    out.push(patches.get(v.name) ?? '', '');
  }
  out.push('## not planned');
  for (const s of plan.skipped) out.push(`${s.rule}: ${'code' in s ? `[${String((s as { code?: string }).code)}] ` : ''}${s.reason}`);
  return out.join('\n') + '\n';
}

describe.each(names)('%s', (name) => {
  const dir = join(ROOT, name);
  it('plans right: parses, applies, passes every semantic check, matches its reviewed golden', async () => {
    const { loaded, project, plan } = await loadFixture(dir);
    expect(printDockerfile(project.dockerfile)).toBe(readFileSync(loaded.dockerfileAbs, 'utf8'));
    expect(plan.skipped.filter((s) => s.reason.includes('a dflab bug'))).toEqual([]);
    for (const v of plan.variants) expect(printDockerfile(parseDockerfile(v.dockerfile, `${name}:${v.name}`)), v.name).toBe(v.dockerfile);
    const patches = variantPatches(plan, loaded);
    expect(applyAll(scratch, name, dir, [...patches.values()])).toBe('');

    const violations: string[] = [];
    for (const v of plan.variants.slice(1)) {
      const files = Object.fromEntries(v.files.map((f) => [f.path, f.newText]));
      for (const [check, fn] of Object.entries(checks)) {
        for (const msg of fn(project, v.name, { dockerfile: v.dockerfile, files, rules: v.rules })) violations.push(`${v.name} (${check}): ${msg}`);
      }
    }
    summary.set(name, `${plan.variants.length - 1} variants (${plan.variants.slice(1).map((v) => v.name).join(', ') || '-'}); ${plan.skipped.length} not planned; ${violations.length} violations`);
    expect(violations).toEqual([]);

    const golden = join(dir, 'expected.plan.txt');
    const text = planText(plan, patches);
    if (process.env.UPDATE_GOLDEN === '1') writeFileSync(golden, text);
    expect(existsSync(golden), `${golden} missing: run with UPDATE_GOLDEN=1 and review it`).toBe(true);
    expect(text).toBe(readFileSync(golden, 'utf8'));
  }, 60_000);
});

it('holds at least 40 real projects, each with its SOURCE', () => {
  expect(names.length).toBeGreaterThanOrEqual(40);
  for (const n of names) expect(readFileSync(join(ROOT, n, 'SOURCE'), 'utf8'), n).toMatch(/repository: \S+\/\S+[\s\S]*commit: [0-9a-f]{40}/);
});
