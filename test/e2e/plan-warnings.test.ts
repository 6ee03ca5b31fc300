// Input Docker itself warns about, through the built CLI's `plan` (no engine: --no-build-checks): an empty
// continuation line and a JSON-form CMD with a missing bracket are reported with file:line in BuildKit's words.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

function project(dockerfile: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'dflab-warn-'));
  writeFileSync(join(dir, 'Dockerfile'), dockerfile);
  writeFileSync(join(dir, 'app.py'), 'print("hi")\n');
  return dir;
}

const plan = (dir: string) => runCli(['plan', dir, '--no-diff', '--no-build-checks'], { timeoutMinutes: 2 });

describe('plan reports input Docker warns about', () => {
  it('an empty continuation line: Dockerfile:LINE, NoEmptyContinuation', async () => {
    const dir = project('FROM python:3.12\nRUN pip install flask \\\n\n    requests\nCOPY . .\nCMD ["python", "app.py"]\n');
    const res = await plan(dir);
    expect(res.status, res.stderr).toBe(0);
    expect(res.stderr).toMatch(/Dockerfile:3: warning: NoEmptyContinuation: Empty continuation line/);
  });

  it('a JSON-form CMD with a missing bracket: Dockerfile:LINE, not folded silently into shell form', async () => {
    const dir = project('FROM python:3.12\nCOPY . .\nCMD ["python", "app.py"\n');
    const res = await plan(dir);
    expect(res.status, res.stderr).toBe(0);
    expect(res.stderr).toMatch(/Dockerfile:3: warning: (InvalidJSONForm|JSONArgsRecommended): /);
  });
});
