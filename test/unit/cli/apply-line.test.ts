import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyLine } from '../../../src/cli/run.js';
import type { Results } from '../../../src/results.js';

const results = (projectDir: string) => ({ recommended: 'base-slim', projectDir } as unknown as Results);
const PATCH = 'diff --git a/Dockerfile b/Dockerfile\n--- a/Dockerfile\n+++ b/Dockerfile\n@@ -1 +1 @@\n-FROM python:3.13\n+FROM python:3.13-slim\n';

describe('the apply line dflab run ends with', () => {
  it('is relative to the current directory, and nothing for the original', () => {
    expect(applyLine(results('/w/proj'), '/w/proj/.dflab/r1', '/w/proj', null)).toBe('\napply it: git apply .dflab/r1/patches/recommended.patch');
    expect(applyLine(results('/w/proj'), '/w/proj/.dflab/r1', '/w', null)).toBe('\napply it: git -C proj apply .dflab/r1/patches/recommended.patch');
    expect(applyLine({ recommended: 'original', projectDir: '/w/proj' } as unknown as Results, '/w/o', '/w', null)).toBe('');
  });

  it('as printed, really applies — also in a project below the top of a git repository, where plain git apply skips it', () => {
    const top = mkdtempSync(join(tmpdir(), 'dflab-apply-'));
    const proj = join(top, 'services', 'api');
    mkdirSync(join(proj, '.dflab', 'r1', 'patches'), { recursive: true });
    writeFileSync(join(proj, 'Dockerfile'), 'FROM python:3.13\n');
    writeFileSync(join(proj, '.dflab', 'r1', 'patches', 'recommended.patch'), PATCH);
    spawnSync('git', ['init', '-q'], { cwd: top });
    for (const cwd of [top, proj]) {
      writeFileSync(join(proj, 'Dockerfile'), 'FROM python:3.13\n');
      const line = applyLine(results(proj), join(proj, '.dflab', 'r1'), cwd).replace('\napply it: ', '');
      expect(line).toContain('--directory=services/api');
      const r = spawnSync('sh', ['-c', line], { cwd, encoding: 'utf8' });
      expect(r.status, r.stderr).toBe(0);
      expect(readFileSync(join(proj, 'Dockerfile'), 'utf8'), `${cwd}: ${line}`).toBe('FROM python:3.13-slim\n');
    }
  });
});
