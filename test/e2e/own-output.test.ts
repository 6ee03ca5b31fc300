// dflab never measures itself: with --out inside the project, and earlier runs' .dflab/ dirs lying around, no variant's
// build context carries them (`COPY . .` would otherwise copy the run's own logs into the image it measures).
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resultsSchema } from '../../src/results.js';
import { runCli } from '../helpers/cli.js';

describe('the out dir and .dflab/ stay out of every build context', () => {
  it('a COPY . . project run with --out inside it: the smoke test finds neither in the image', async () => {
    const proj = mkdtempSync(join(tmpdir(), 'dflab-own-output-'));
    writeFileSync(join(proj, 'Dockerfile'), 'FROM python:3.13\nWORKDIR /app\nCOPY . .\nCMD ["python", "app.py"]\n');
    writeFileSync(join(proj, 'app.py'), 'print("ok")\n');
    // Fails (exit 3) when the image holds the out dir or any .dflab dir.
    const probe = "import os, sys; found = [r for r, d, f in os.walk('/app') if os.path.basename(r) in ('trial-out', '.dflab')]; print(found); sys.exit(3 if found else 0)";
    writeFileSync(join(proj, 'dflab.yaml'), `smoke:\n  command: ["python", "-c", ${JSON.stringify(probe)}]\n  expectExitCode: 0\n`);
    mkdirSync(join(proj, '.dflab', 'old-run'), { recursive: true });
    writeFileSync(join(proj, '.dflab', 'old-run', 'results.json'), '{}\n');
    mkdirSync(join(proj, 'sub', '.dflab'), { recursive: true });
    writeFileSync(join(proj, 'sub', '.dflab', 'x'), 'x\n');
    const out = join(proj, 'trial-out');
    const run = await runCli(['run', proj, '--out', out, '--rules', 'base-slim', '--quiet']);
    expect(run.status, run.all).toBe(0);
    const results = resultsSchema.parse(JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')));
    for (const v of results.variants) {
      expect(v.outcome, `${v.name}: ${v.error ?? ''} ${v.smoke?.outputTail ?? ''}`).toBe('ok');
      expect(v.smoke?.passed, v.name).toBe(true);
    }
  });
});
