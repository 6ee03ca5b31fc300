// `dflab plan`: variants with their diffs, the rules that do not apply and why, Dockerfiles and patches written; no engine
// (BuildKit's own checks are off here: test/integration/build-checks.test.ts runs them on the engine).
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { diffStat, planCommand } from '../../../src/cli/plan.js';

function project(): string {
  const dir = mkdtempSync(join(tmpdir(), 'dflab-plan-'));
  writeFileSync(join(dir, 'Dockerfile'), 'FROM python:3.12\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\nCOPY app.py .\nCMD ["python", "app.py"]\n');
  writeFileSync(join(dir, 'requirements.txt'), 'flask\npytest\n');
  writeFileSync(join(dir, 'app.py'), 'import flask\n');
  return dir;
}

async function captured(fn: () => Promise<number>): Promise<{ code: number; out: string }> {
  const lines: string[] = [];
  const spy = vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => { lines.push(a.join(' ')); });
  try {
    return { code: await fn(), out: lines.join('\n') };
  } finally {
    spy.mockRestore();
  }
}

afterEach(() => vi.restoreAllMocks());

describe('dflab plan', () => {
  it('prints each variant with its diff and the rules that do not apply; writes Dockerfiles and patches git accepts', async () => {
    const dir = project();
    const out = join(dir, 'plan-out');
    const { code, out: text } = await captured(() => planCommand(dir, { buildChecks: false, out }));
    expect(code).toBe(0);
    expect(text).toMatch(/^variant base-slim \(base-slim\): Dockerfile \+1 -1$/m);
    expect(text).toMatch(/^ {2}-FROM python:3\.12$/m);
    expect(text).toMatch(/^ {2}\+FROM python:3\.12-slim$/m);
    expect(text).toMatch(/^variant pip-no-cache /m);
    expect(text).toMatch(/^not planned: onnx-runtime: \[onnx-not-configured\] needs an export command/m);
    expect(readFileSync(join(out, 'variants', 'base-slim', 'Dockerfile'), 'utf8')).toContain('FROM python:3.12-slim');
    const plan = JSON.parse(readFileSync(join(out, 'plan.json'), 'utf8')) as { variants: { name: string }[]; skipped: unknown[] };
    expect(plan.skipped).toContainEqual({ rule: 'onnx-runtime', code: 'onnx-not-configured', reason: expect.stringMatching(/^needs an export command/) });
    for (const v of plan.variants.filter((x) => x.name !== 'original')) {
      const copy = mkdtempSync(join(tmpdir(), 'dflab-plan-apply-'));
      cpSync(dir, copy, { recursive: true, filter: (p) => !p.includes('plan-out') });
      execFileSync('git', ['init', '-q'], { cwd: copy });
      execFileSync('git', ['apply', '--check', join(out, 'patches', `${v.name}.patch`)], { cwd: copy });
    }
  });

  it('says which stage it tunes: the product before a trailing test stage by default, the one --target names', async () => {
    const dir = project();
    writeFileSync(join(dir, 'Dockerfile'), 'FROM python:3.12 AS app\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\nCOPY app.py .\nCMD ["python", "app.py"]\n\nFROM app AS test\nRUN pytest\n');
    const byDefault = await captured(() => planCommand(dir, { buildChecks: false, rules: ['base-slim'], diff: false }));
    expect(byDefault.out).toMatch(/^tuned: stage app \(line 1\), the last stage that is not a helper \(test is named like a helper \(test\)\)$/m);
    const plan = JSON.parse(readFileSync(join(dir, '.dflab', 'plan', 'plan.json'), 'utf8')) as { target: { stage: string; line: number } };
    expect(plan.target).toMatchObject({ stage: 'app', line: 1 });
    expect(readFileSync(join(dir, '.dflab', 'plan', 'variants', 'base-slim', 'Dockerfile'), 'utf8')).toMatch(/^FROM python:3\.12-slim AS app$/m);
    const named = await captured(() => planCommand(dir, { buildChecks: false, rules: ['base-slim'], diff: false, target: 'test' }));
    expect(named.out).toMatch(/^tuned: stage test \(line 8\), named by target/m);
    await expect(planCommand(dir, { buildChecks: false, target: 'prod' })).rejects.toThrow(/no stage named "prod" to target/);
  });

  it('--rules and --skip-rules choose the rules; an unknown id is a usage error naming the known ones', async () => {
    const dir = project();
    const { out: text } = await captured(() => planCommand(dir, { buildChecks: false, rules: ['base-slim', 'pip-no-cache'], skipRules: ['pip-no-cache'], diff: false }));
    expect(text).toMatch(/^variant base-slim/m);
    expect(text).not.toMatch(/^variant pip-no-cache/m);
    expect(text).toMatch(/^not planned: pip-no-cache: \[excluded\] excluded by --skip-rules$/m);
    expect(text).toMatch(/^not planned: apt-hygiene: \[not-included\] not in --rules$/m);
    expect(existsSync(join(dir, '.dflab', 'plan', 'plan.json'))).toBe(true);
    await expect(planCommand(dir, { buildChecks: false, rules: ['base-slimm'] })).rejects.toThrow(/--rules: unknown rule "base-slimm"; did you mean "base-slim"\?/);
  });

  it('--json carries each skipped rule\'s code beside its message', async () => {
    const { out: text } = await captured(() => planCommand(project(), { buildChecks: false, rules: ['base-slim'], json: true }));
    const printed = JSON.parse(text) as { skipped: { rule: string; code: string; reason: string }[] };
    expect(printed.skipped).toContainEqual({ rule: 'pip-no-cache', code: 'not-included', reason: 'not in --rules' });
  });

  it('--bases adds a base trial per candidate image', async () => {
    const { out: text } = await captured(() => planCommand(project(), { buildChecks: false, bases: ['debian:trixie-slim'], rules: ['base-slim'], diff: false }));
    expect(text).toMatch(/^variant base-debian-trixie-slim .*\(base debian:trixie-slim\)/m);
  });

  it('diffStat counts added and removed lines per file', () => {
    const patch = 'diff --git a/Dockerfile b/Dockerfile\n--- a/Dockerfile\n+++ b/Dockerfile\n@@ -1 +1,2 @@\n-a\n+b\n+c\n';
    expect(diffStat(patch)).toBe('Dockerfile +2 -1');
  });
});
