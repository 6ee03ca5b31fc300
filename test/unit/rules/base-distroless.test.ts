// base-distroless's declines and its base-trial shape, beyond the goldens (test/fixtures/rules/base-distroless/).
import { describe, expect, it } from 'vitest';
import { applyEdits, parseDockerfile } from '../../../src/dockerfile/index.js';
import { planVariants } from '../../../src/plan/index.js';
import { allRules, ruleById } from '../../../src/rules/index.js';
import type { Project } from '../../../src/rules/types.js';

const rule = ruleById('base-distroless')!;

function project(text: string, files: Record<string, string> = {}): Project {
  const all = { 'requirements.txt': 'flask==3.0.3\n', ...files };
  return { dockerfile: parseDockerfile(text), dockerfilePath: 'Dockerfile', files: all, contextPaths: ['Dockerfile', ...Object.keys(all)].sort() };
}

const pip = (tail: string) => `FROM python:3.13-slim\nWORKDIR /app\nCOPY . .\nRUN pip install -r requirements.txt\n${tail}\n`;

function decline(p: Project): { code: string; message: string } | null {
  const v = rule.applies(p);
  return v.applies ? null : { code: v.reason.code, message: v.reason.message };
}

describe('base-distroless declines where the container needs a shell at run time', () => {
  it('a shell-form CMD', () => {
    expect(decline(project(pip('CMD python app.py')))).toEqual({ code: 'distroless-needs-shell', message: expect.stringContaining('CMD on line 5 is in shell form') });
  });
  it('an entrypoint script whose shebang is a shell through env, named without .sh', () => {
    const p = project(pip('ENTRYPOINT ["./run"]\nCMD ["web"]'), { run: '#!/usr/bin/env bash\nexec python app.py\n' });
    expect(decline(p)).toEqual({ code: 'distroless-needs-shell', message: expect.stringContaining('./run, a shell script (#!/usr/bin/env bash)') });
  });
  it('a shell-form HEALTHCHECK, but not a Python entrypoint script', () => {
    expect(decline(project(pip('HEALTHCHECK CMD curl -f http://localhost/ || exit 1\nCMD ["python", "app.py"]')))?.code).toBe('distroless-needs-shell');
    expect(decline(project(pip('ENTRYPOINT ["./run"]'), { run: '#!/usr/bin/env python3\nprint(1)\n' }))).toBeNull();
  });
  it('a Python other than the image has, or one dflab cannot tell', () => {
    expect(decline(project(pip('CMD ["python", "app.py"]').replace('3.13-slim', '3.11-slim')))?.code).toBe('distroless-python-mismatch');
    expect(decline(project('FROM ubuntu:24.04\nRUN apt-get update && apt-get install -y python3-pip && pip install flask\nCMD ["python3", "app.py"]\n'))?.code).toBe('distroless-python-mismatch');
  });
});

describe('base-distroless applies', () => {
  it('resets the image ENTRYPOINT under a CMD and names the venv interpreter by its path', () => {
    const p = project(pip('CMD ["python", "app.py"]'));
    const text = applyEdits(p.dockerfile.text, rule.apply(p).dockerfile);
    expect(text).toContain('FROM gcr.io/distroless/python3-debian13\n');
    expect(text).toContain('ENTRYPOINT []\nCMD ["/opt/venv/bin/python", "app.py"]\n');
    expect(text.split('FROM gcr.io/distroless')[1]).not.toMatch(/^RUN /m);
  });
  it('moves a final stage that installs and runs nothing as it is', () => {
    const text = 'FROM python:3.13-slim AS build\nRUN python -m venv /venv && /venv/bin/pip install flask\nFROM python:3.13-slim\nCOPY --from=build /venv /venv\nCOPY app.py /app/\nCMD ["/venv/bin/python", "/app/app.py"]\n';
    const p = project(text);
    const out = applyEdits(text, rule.apply(p).dockerfile);
    expect(out).toContain('FROM gcr.io/distroless/python3-debian13\nCOPY --from=build /venv /venv\n');
    expect(out).toContain('ENTRYPOINT []\nCMD ["/venv/bin/python", "/app/app.py"]\n');
  });
});

describe('a distroless base trial (dflab.yaml bases:)', () => {
  it("takes base-distroless's shape, and the nonroot tag gets no user note", () => {
    const plan = planVariants(project(pip('CMD ["python", "app.py"]')), allRules, { bases: ['gcr.io/distroless/python3-debian13:nonroot'] });
    const v = plan.variants.find((x) => x.name === 'base-gcr.io-distroless-python3-debian13-nonroot')!;
    expect(v.dockerfile).toContain('FROM python:3.13-slim AS builder\n');
    expect(v.dockerfile).toContain('FROM gcr.io/distroless/python3-debian13:nonroot\n');
    expect(v.notes.some((n) => n.startsWith('runs as root'))).toBe(false);
  });
});
