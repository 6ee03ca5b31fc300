// prune-requirements with evidence: templates/analyze_imports.py runs in the built original image, and only the
// requirements outside the app's import closure are pruned. Real wheels (hand-made zips, installed by pip with
// --no-index) so the test needs no package index.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Results } from '../../src/results.js';
import { StepTimes } from '../../src/run/step-times.js';
import { runTrial } from '../../src/run/trial.js';
import { containersWithLabel, imagesWithLabel } from '../helpers/engine.js';

/** Writes name-1.0-py3-none-any.whl: one top-level module, its metadata and dependencies. */
const WHEEL_MAKER = `
import sys, zipfile, base64, hashlib
out, name, requires = sys.argv[1], sys.argv[2], sys.argv[3:]
dist = f"{name}-1.0.dist-info"
files = {
    f"{name}/__init__.py": f"def hello():\\n    return '{name}'\\n" + ("import " + requires[0] + "\\n" if requires else ""),
    f"{name}/blob.bin": "x" * 200000,
    f"{dist}/METADATA": "Metadata-Version: 2.1\\nName: " + name + "\\nVersion: 1.0\\n" + "".join(f"Requires-Dist: {r}\\n" for r in requires),
    f"{dist}/WHEEL": "Wheel-Version: 1.0\\nGenerator: dflab-test\\nRoot-Is-Purelib: true\\nTag: py3-none-any\\n",
    f"{dist}/top_level.txt": name + "\\n",
}
def digest(text):
    return "sha256=" + base64.urlsafe_b64encode(hashlib.sha256(text.encode()).digest()).rstrip(b"=").decode()
record = "".join(f"{p},{digest(t)},{len(t.encode())}\\n" for p, t in files.items()) + f"{dist}/RECORD,,\\n"
with zipfile.ZipFile(f"{out}/{name}-1.0-py3-none-any.whl", "w") as z:
    for p, t in files.items():
        z.writestr(p, t)
    z.writestr(f"{dist}/RECORD", record)
`;

function projectWithWheels(): string {
  const dir = mkdtempSync(join(tmpdir(), 'dflab-imports-'));
  mkdirSync(join(dir, 'wheels'));
  // alpha needs beta; gamma is required but never imported; pytest-ish dev tool "flakecheck" likewise.
  for (const [name, ...requires] of [['alpha', 'beta'], ['beta'], ['gamma'], ['flakecheck']]) {
    execFileSync('python3', ['-c', WHEEL_MAKER, join(dir, 'wheels'), name!, ...requires]);
  }
  writeFileSync(join(dir, 'requirements.txt'), 'alpha\ngamma\nflakecheck\n');
  writeFileSync(join(dir, 'app.py'), 'import alpha\nprint("ok", alpha.hello())\n');
  writeFileSync(join(dir, 'Dockerfile'), [
    'FROM python:3.13-slim',
    'WORKDIR /app',
    'COPY wheels/ /wheels/',
    'COPY requirements.txt .',
    'RUN pip install --no-index --find-links /wheels -r requirements.txt',
    'COPY app.py .',
    'CMD ["python", "app.py"]',
    '',
  ].join('\n'));
  writeFileSync(join(dir, 'dflab.yaml'), 'rules: {include: [prune-requirements]}\nsmoke:\n  command: ["python", "app.py"]\n  expectStdout: "^ok alpha"\n');
  return dir;
}

describe('import analysis in the built original', () => {
  it('prunes the required-but-never-imported distributions and keeps the imported one and its dependency', async () => {
    const dir = projectWithWheels();
    const out = join(dir, 'out');
    const { results } = await runTrial({ dir, outDir: out, stepTimes: StepTimes.inMemory() });
    expect(results.importAnalysis?.method, results.importAnalysis?.reason).toBe('import-analysis');
    expect(results.importAnalysis?.keep).toEqual(expect.arrayContaining(['alpha', 'beta']));
    expect(results.importAnalysis?.keep).not.toContain('gamma');
    const pruned = results.variants.find((v) => v.name === 'prune-requirements');
    expect(pruned?.outcome, pruned?.error ?? '').toBe('ok');
    expect(pruned?.smoke?.passed).toBe(true);
    const patch = readFileSync(join(out, 'patches', 'prune-requirements.patch'), 'utf8');
    expect(patch).toMatch(/^-gamma$/m);
    expect(patch).toMatch(/^-flakecheck$/m);
    expect(patch).not.toMatch(/^-alpha$/m);
    const onDisk = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as Results;
    expect(onDisk.importAnalysis?.method).toBe('import-analysis');
    expect(containersWithLabel(`dflab.run=${results.runId}`)).toEqual([]);
    expect(imagesWithLabel(`dflab.run=${results.runId}`)).toEqual([]);
  });

  it('falls back to the dev-tool list, and says why, when the image has no Python', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dflab-imports-nopy-'));
    writeFileSync(join(dir, 'requirements.txt'), 'requests\npytest\n');
    writeFileSync(join(dir, 'app.py'), 'import requests\n');
    // The original cannot run Python (debian has none); the pip install is there for the rule to prune (an install
    // it sees: no install at all and the analysis is not run) but never executed, after `true ||`.
    writeFileSync(join(dir, 'Dockerfile'), 'FROM debian:trixie-slim\nWORKDIR /app\nCOPY requirements.txt app.py ./\nRUN true || pip install -r requirements.txt\n');
    writeFileSync(join(dir, 'dflab.yaml'), 'rules: {include: [prune-requirements]}\n');
    const { results } = await runTrial({ dir, outDir: join(dir, 'out'), stepTimes: StepTimes.inMemory() });
    expect(results.importAnalysis?.method).toBe('fallback-list');
    expect(results.importAnalysis?.reason).toMatch(/no Python interpreter/);
    expect(containersWithLabel(`dflab.run=${results.runId}`)).toEqual([]);
  });
});
