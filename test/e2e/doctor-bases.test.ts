// `dflab doctor DIR` on the real engine: the bases the project's variants build FROM, which are missing (not local,
// not pullable) and which variants a run would therefore report base-unavailable. Nothing is built.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

/** On the local registry, which answers "manifest unknown" at once: missing and not pullable, without DNS. */
const MISSING = '127.0.0.1:5000/dflab-doctor-test/never-pushed:1';

function project(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'dflab-doctor-'));
  for (const [path, text] of Object.entries(files)) writeFileSync(join(dir, path), text);
  return dir;
}

describe('dflab doctor DIR', () => {
  it('names a missing base and the variants it leaves base-unavailable; the run can still go on (exit 0)', async () => {
    const dir = project({ Dockerfile: 'FROM debian:trixie-slim\nCMD ["true"]\n', 'dflab.yaml': `bases: ["${MISSING}"]\n` });
    const res = await runCli(['doctor', dir, '--json'], { timeoutMinutes: 3 });
    expect(res.status, res.stderr).toBe(0);
    const checks = (JSON.parse(res.stdout) as { checks: { name: string; ok: boolean; warn?: boolean; detail: string }[] }).checks;
    expect(checks.find((c) => c.name === 'base debian:trixie-slim')).toMatchObject({ ok: true, detail: expect.stringMatching(/used by original/) });
    expect(checks.find((c) => c.name === `base ${MISSING}`)).toMatchObject({
      ok: true, warn: true, detail: expect.stringMatching(/^missing: not local, and not pullable \(.+\); base-unavailable: base-127\.0\.0\.1-5000-dflab-doctor-test-never-pushed-1$/),
    });
  });

  it('a missing base of the original itself fails the doctor (exit 1), with the fix', async () => {
    const dir = project({ Dockerfile: `FROM ${MISSING}\nCMD ["true"]\n` });
    const res = await runCli(['doctor', dir], { timeoutMinutes: 3 });
    expect(res.status, res.stdout + res.stderr).toBe(1);
    expect(res.stdout).toMatch(new RegExp(`^FAIL base ${MISSING.replace(/[.]/g, '\\.')}\\s+missing: not local, and not pullable \\(.+\\); base-unavailable: original`, 'm'));
    expect(res.stdout).toMatch(new RegExp(`^ {5}fix: docker pull ${MISSING.replace(/[.]/g, '\\.')} \\(or docker load it\\) before the run$`, 'm'));
  });
});
