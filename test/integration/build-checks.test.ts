// BuildKit's own build checks through `dflab plan` on the real engine. Where buildx has --call (0.15+),
// its findings are listed and ours drop what it reports; where it does not (Debian trixie's buildx 0.13.1
// with Docker 26.1's BuildKit 0.13, this lab), plan says the checks were skipped and why — and the engine
// is asked directly that it really cannot lint. With no engine at all, plan still works.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

const project = () => {
  const dir = mkdtempSync(join(tmpdir(), 'dflab-checks-'));
  cpSync(join(import.meta.dirname, '../fixtures/build-checks/project'), dir, { recursive: true });
  return dir;
};
const buildxVersion = /buildx\s+v?(\d+)\.(\d+)/.exec(execFileSync('docker', ['buildx', 'version'], { encoding: 'utf8' }))!;
const hasCall = Number(buildxVersion[1]) > 0 || Number(buildxVersion[2]) >= 15;

interface PlanJson {
  warnings: { code: string; line: number }[];
  buildChecks: { ran: true; findings: { rule: string; lines: number[] }[] } | { ran: false; code: string; reason: string };
}
const plan = async (env: Record<string, string> = {}) => {
  const res = await runCli(['plan', project(), '--json', '--rules', 'base-slim'], { env });
  expect(res.status, res.stderr).toBe(0);
  return JSON.parse(res.stdout) as PlanJson;
};

describe('BuildKit build checks in dflab plan', () => {
  it.runIf(hasCall)('lists BuildKit\'s findings at their lines; ours keep only what BuildKit did not report', async () => {
    const out = await plan();
    if (!out.buildChecks.ran) throw new Error(`checks did not run: ${out.buildChecks.reason}`);
    expect(out.buildChecks.findings).toContainEqual(expect.objectContaining({ rule: 'FromAsCasing', lines: [1] }));
    expect(out.buildChecks.findings).toContainEqual(expect.objectContaining({ rule: 'JSONArgsRecommended', lines: [5] }));
    expect(out.warnings).not.toContainEqual(expect.objectContaining({ code: 'JSONArgsRecommended', line: 5 }));
  });

  it.runIf(!hasCall)('says the checks were skipped because this buildx has no --call, and this engine indeed cannot lint', async () => {
    const out = await plan();
    expect(out.buildChecks).toMatchObject({ ran: false, code: 'buildx-too-old' });
    if (!out.buildChecks.ran) expect(out.buildChecks.reason).toContain(`buildx ${buildxVersion[1]}.${buildxVersion[2]}`);
    // Our engine-less check still reports the broken exec form of line 5.
    expect(out.warnings).toContainEqual(expect.objectContaining({ code: 'JSONArgsRecommended', line: 5 }));
    // The experimental lint request of this buildx, sent to this engine's BuildKit, is refused.
    const lint = spawnSync('docker', ['buildx', 'build', '--print=lint', project()], { env: { ...process.env, BUILDX_EXPERIMENTAL: '1' }, encoding: 'utf8' });
    expect(lint.status).not.toBe(0);
    expect(lint.stderr).toContain('frontend.lint');
  });

  it('works without an engine, saying why the checks did not run', async () => {
    const out = await plan({ DOCKER_HOST: 'unix:///nonexistent/dflab-no-engine.sock' });
    expect(out.buildChecks).toMatchObject({ ran: false, code: 'engine-unreachable' });
    expect(out.warnings).toContainEqual(expect.objectContaining({ code: 'JSONArgsRecommended', line: 5 }));
  });
});
