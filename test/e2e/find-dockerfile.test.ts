// Finding the Dockerfile as users lay projects out, through the built CLI's `plan` (no engine): -f, a Dockerfile
// path as DIR, Dockerfile.prod candidates, a Compose file with two services and --service, a missing path.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, type CliResult } from '../helpers/cli.js';

const DF = 'FROM python:3.12\nWORKDIR /app\nCOPY . .\nRUN pip install flask\nCMD ["python", "app.py"]\n';

function project(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'dflab-find-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

const plan = (args: string[], cwd?: string) => runCli(['plan', ...args, '--no-diff', '--json'], { cwd, timeoutMinutes: 2 });
const planned = (res: CliResult) => JSON.parse(res.stdout) as { target: { stage: string | null }; variants: { name: string; dockerfile: string }[] };

function expectUsageError(res: CliResult, message: RegExp, hint: RegExp): void {
  expect(res.status, res.stderr).toBe(2);
  expect(res.stderr).toMatch(message);
  expect(res.stderr).toMatch(hint);
  expect(res.stderr).not.toMatch(/\n\s+at |internal error/);
}

describe('finding the Dockerfile', () => {
  it('-f PATH is relative to the current directory and wins over dflab.yaml dockerfile:; the context stays DIR', async () => {
    const dir = project({ 'Dockerfile.prod': DF.replace('3.12', '3.11'), 'other.Dockerfile': DF, 'dflab.yaml': 'dockerfile: other.Dockerfile\n', 'app.py': '' });
    const res = await plan([dir, '-f', 'Dockerfile.prod'], dir);
    expect(res.status, res.stderr).toBe(0);
    expect(planned(res).variants[0]!.dockerfile).toContain('FROM python:3.11');
    expect(readFileSync(join(dir, '.dflab/plan/patches/base-slim.patch'), 'utf8')).toMatch(/^\+\+\+ b\/Dockerfile\.prod$/m);
  });

  it('DIR given as a Dockerfile: the project is its directory', async () => {
    const dir = project({ 'docker/prod.Dockerfile': DF, 'docker/app.py': '' });
    const res = await plan([join(dir, 'docker/prod.Dockerfile')]);
    expect(res.status, res.stderr).toBe(0);
    expect(planned(res).variants.map((v) => v.name)).toContain('base-slim');
    expect(readFileSync(join(dir, 'docker/.dflab/plan/patches/base-slim.patch'), 'utf8')).toMatch(/^\+\+\+ b\/prod\.Dockerfile$/m);
  });

  it('a project with only Dockerfile.prod and prod.Dockerfile names them and says how to pick one', async () => {
    const dir = project({ 'Dockerfile.prod': DF, 'prod.Dockerfile': DF });
    expectUsageError(await plan([dir]), /^dflab: no Dockerfile in \S+; found Dockerfile\.prod, prod\.Dockerfile\n/, /hint: pick one with -f, e\.g\. -f \S+Dockerfile\.prod/);
  });

  it('a compose.yaml with two services lists them with their contexts; --service picks one (its target too)', async () => {
    const compose = 'services:\n  api:\n    build: ./api\n  worker:\n    build:\n      context: .\n      dockerfile: worker/Dockerfile\n      target: prod\n';
    const dir = project({
      'compose.yaml': compose, 'api/Dockerfile': DF, 'api/app.py': '',
      'worker/Dockerfile': `${DF.replace('CMD', 'FROM python:3.12 AS prod\nCMD')}FROM python:3.12 AS other\nRUN true\n`,
    });
    expectUsageError(await plan([dir]), /no Dockerfile in \S+; compose\.yaml builds api \(context \.\/api\), worker \(context \., dockerfile worker\/Dockerfile, target prod\)/, /hint: pick a service with --service api/);
    const api = await plan([dir, '--service', 'api']);
    expect(api.status, api.stderr).toBe(0);
    expect(planned(api).variants[0]!.dockerfile).toBe(DF);
    const worker = await plan([dir, '--service', 'worker']);
    expect(worker.status, worker.stderr).toBe(0);
    expect(planned(worker).target.stage).toBe('prod');
    expectUsageError(await plan([dir, '--service', 'wokrer']), /--service wokrer: no such service with a build: entry in compose\.yaml; did you mean "worker"\?/, /hint: services that build: api, worker/);
  });

  it('a path that does not exist says "no such directory", not "no Dockerfile"', async () => {
    const dir = project({});
    const res = await plan([join(dir, 'missing')]);
    expectUsageError(res, new RegExp(`^dflab: no such directory: ${join(dir, 'missing')}\\n`), /hint: /);
    expect(res.stderr).not.toMatch(/no Dockerfile/);
  });
});
