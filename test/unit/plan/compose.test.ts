// The planner's combinations: the cumulative `all`, dflab.yaml's named combinations, base trials; and a sweep of
// every fixture Dockerfile through the whole plan (nothing throws, every variant parses, no rule reports a bug).
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDockerfile } from '../../../src/dockerfile/index.js';
import { baseVariantName, composeRules, planVariants } from '../../../src/plan/index.js';
import { allRules, ruleById } from '../../../src/rules/index.js';
import type { Project, Rule } from '../../../src/rules/types.js';

const SEED = 'test/fixtures/rules/base-alpine/seed-article';

function project(text: string, files: Record<string, string> = {}, extra: Partial<Project> = {}): Project {
  return { dockerfile: parseDockerfile(text), dockerfilePath: 'Dockerfile', files, contextPaths: ['Dockerfile', ...Object.keys(files)].sort(), ...extra };
}

function seed(extra: Partial<Project> = {}): Project {
  return project(readFileSync(`${SEED}/Dockerfile`, 'utf8'), { 'requirements.txt': readFileSync(`${SEED}/context/requirements.txt`, 'utf8') }, extra);
}

const rules = (...ids: string[]): Rule[] => ids.map((id) => ruleById(id)!);
const FORCE_ALPINE = { include: [], exclude: [], force: ['base-alpine'] };

describe('the cumulative variant', () => {
  it('composes every applicable rule in order, with one final-base strategy and without base-alpine', () => {
    const plan = planVariants(seed({ config: { rules: FORCE_ALPINE } }), allRules); // torch on musl: base-alpine applies only when forced
    const all = plan.variants.find((v) => v.name === 'all')!;
    expect(all.rules).toEqual(['prune-requirements', 'torch-cpu', ...all.rules.slice(2)]);
    expect(all.rules).toContain('multi-stage');
    expect(all.rules).not.toContain('base-slim');
    expect(all.rules).not.toContain('base-alpine');
    expect(all.notes).toContain("left out of all: base-slim (multi-stage already chose the final stage's base (one such rule per variant))");
    expect(all.notes.some((n) => n.startsWith('base-alpine is tried alone'))).toBe(true);
    // requirements: the dev tools are pruned (fallback list), torch moved to the CPU index.
    expect(all.files.find((f) => f.path === 'requirements.txt')!.newText).not.toMatch(/^(torch|pytest|black)\b/m);
    expect(all.dockerfile).toContain('--index-url https://download.pytorch.org/whl/cpu torch==2.3.1');
    expect(all.dockerfile).toMatch(/FROM python:3\.10 AS builder[\s\S]*FROM python:3\.10-slim/);
    expect(() => parseDockerfile(all.dockerfile)).not.toThrow();
  });

  it('prefers onnx-runtime over multi-stage when dflab.yaml configures it', () => {
    const onnx = { export: 'python3 export_onnx.py', artifact: '/app/model.onnx', runtime: ['onnxruntime'], env: { MODEL_BACKEND: 'onnx' } };
    const all = planVariants(seed({ config: { onnx } }), allRules).variants.find((v) => v.name === 'all')!;
    expect(all.rules).toContain('onnx-runtime');
    expect(all.rules).not.toContain('multi-stage');
    expect(all.dockerfile).toContain('RUN python3 export_onnx.py');
  });

  it('is left out when fewer than two rules apply, and honours include/exclude', () => {
    expect(planVariants(project('FROM python:3.12\n'), allRules).variants.map((v) => v.name)).not.toContain('all');
    const plan = planVariants(seed(), allRules, { include: ['base-slim', 'pip-no-cache'] });
    expect(plan.variants.find((v) => v.name === 'all')!.rules).toEqual(['base-slim', 'pip-no-cache']);
    expect(planVariants(seed(), allRules, { cumulative: false }).variants.map((v) => v.name)).not.toContain('all');
  });

  it('takes pip-cache-mount and leaves pip-no-cache nothing to do where the mount went', () => {
    const composed = composeRules(project('FROM python:3.12-slim\nRUN pip install flask\n'), rules('pip-no-cache', 'pip-cache-mount'));
    expect(composed.applied).toEqual(['pip-cache-mount']);
    expect(composed.dockerfile).toBe('FROM python:3.12-slim\nRUN --mount=type=cache,target=/root/.cache/pip pip install flask\n');
  });
});

describe('dflab.yaml combinations', () => {
  it('applies the listed rules in composing order under the given name', () => {
    const plan = planVariants(seed(), allRules, { variants: [{ name: 'slim-nocache', rules: ['pip-no-cache', 'base-slim'] }] });
    const v = plan.variants.find((x) => x.name === 'slim-nocache')!;
    expect(v.rules).toEqual(['base-slim', 'pip-no-cache']);
    expect(v.dockerfile).toContain('FROM python:3.10-slim');
    expect(v.dockerfile).toContain('pip install --no-cache-dir -r requirements.txt');
  });

  it('notes rules that did not apply or lost to another final-base strategy, and skips a combination where none applies', () => {
    const plan = planVariants(seed(), allRules, {
      variants: [
        { name: 'two-bases', rules: ['base-alpine', 'base-slim', 'pip-no-cache', 'no-such-rule'] },
        { name: 'nothing', rules: ['onnx-runtime'] },
        { name: 'base-slim', rules: ['pip-no-cache'] },
      ],
    });
    const v = plan.variants.find((x) => x.name === 'two-bases')!;
    expect(v.rules).toEqual(['base-slim', 'pip-no-cache']);
    expect(v.notes).toContain('not applied: no-such-rule (no such rule)');
    expect(v.notes).toContain("not applied: base-alpine (base-slim already chose the final stage's base (one such rule per variant))");
    expect(plan.skipped).toContainEqual({ rule: 'nothing', code: 'no-rule-applies', reason: 'none of its rules apply: onnx-runtime (needs an export command (onnx: {export, artifact} in dflab.yaml))' });
    expect(plan.skipped).toContainEqual({ rule: 'base-slim', code: 'name-taken', reason: 'a variant of that name is planned already (rename the combination in dflab.yaml)' });
  });
});

describe('base trials', () => {
  it('makes one variant per candidate base, translating apt to apk for alpine, deduped and with reasons', () => {
    const plan = planVariants(seed(), allRules, { bases: ['python:3.13-slim', 'python:3.13-alpine', 'gcr.io/distroless/python3-debian12', 'python:3.10', 'python:3.10-slim'] });
    const slim = plan.variants.find((v) => v.name === 'base-python-3.13-slim')!;
    expect(slim.base).toBe('python:3.13-slim');
    expect(slim.rules).toEqual([]);
    expect(slim.dockerfile).toContain('FROM python:3.13-slim\n');
    expect(slim.notes).toContain('Python 3.10 → 3.13: pinned requirements may have no wheels for 3.13, and the app may meet removed modules');
    // torch has manylinux wheels only: the alpine candidate is declined with base-alpine's evidence …
    expect(plan.skipped).toContainEqual({ rule: 'base-python-3.13-alpine', code: 'alpine-manylinux-only', reason: expect.stringMatching(/torch \(requirements\.txt line 2\) has manylinux wheels only/) });
    // … and planned, apt translated and the evidence in its notes, when dflab.yaml forces base-alpine.
    const forced = planVariants(seed({ config: { rules: FORCE_ALPINE } }), allRules, { bases: ['python:3.13-alpine'] });
    const alpine = forced.variants.find((v) => v.name === 'base-python-3.13-alpine')!;
    expect(alpine.dockerfile).toContain('RUN apk add --no-cache curl\n');
    expect(alpine.notes.some((n) => n.startsWith('forced by rules.force in dflab.yaml, though likely to fail [alpine-manylinux-only]: pip cannot install on Alpine (musl): torch'))).toBe(true);
    expect(plan.skipped).toContainEqual({ rule: 'base-gcr.io-distroless-python3-debian12', code: 'distroless-python-mismatch', reason: expect.stringMatching(/has Python 3.11: the installed tree would not run/) });
    expect(plan.skipped).toContainEqual({ rule: 'base-python-3.10', code: 'already-on-base', reason: 'the final stage is on python:3.10 already' });
    // The python:3.10-slim trial is what base-slim builds: one build, shown with both names.
    expect(plan.variants.find((v) => v.name === 'base-slim')!.aliases).toEqual([{ name: 'base-python-3.10-slim', rules: [] }]);
  });

  it('reads bases from the project config when the options name none', () => {
    const plan = planVariants(seed({ config: { bases: ['debian:bookworm-slim'] } }), rules('base-slim'));
    expect(plan.variants.map((v) => v.name)).toEqual(['original', 'base-slim', 'base-debian-bookworm-slim']);
  });

  it('re-installs the tools the full base had when the candidate lacks them', () => {
    const p = project('FROM python:3.12\nHEALTHCHECK CMD curl -f http://localhost/\n');
    const v = planVariants(p, [], { bases: ['debian:bookworm-slim'] }).variants[1]!;
    expect(v.dockerfile).toBe('FROM debian:bookworm-slim\nRUN apt-get update \\\n && apt-get install -y --no-install-recommends ca-certificates curl \\\n && rm -rf /var/lib/apt/lists/*\nHEALTHCHECK CMD curl -f http://localhost/\n');
  });

  it('names variants after the image', () => {
    expect(baseVariantName('python:3.13-slim')).toBe('base-python-3.13-slim');
    expect(baseVariantName('docker.io/library/python:3.13-alpine')).toBe('base-python-3.13-alpine');
    expect(baseVariantName('gcr.io/distroless/python3-debian12:nonroot')).toBe('base-gcr.io-distroless-python3-debian12-nonroot');
    expect(baseVariantName(`registry.example.com:5000/team/${'x'.repeat(80)}:1`)).toMatch(/^base-registry.example.com-5000-team-x+$/);
    expect(baseVariantName(`registry.example.com:5000/team/${'x'.repeat(80)}:1`).length).toBeLessThanOrEqual(63);
  });
});

/** Every fixture Dockerfile (rule cases and parser corpus), with its context files and project.json. */
function corpus(): { name: string; project: Project }[] {
  const out: { name: string; project: Project }[] = [];
  const rulesDir = 'test/fixtures/rules';
  for (const rule of readdirSync(rulesDir).filter((d) => statSync(join(rulesDir, d)).isDirectory())) {
    for (const c of readdirSync(join(rulesDir, rule)).filter((d) => statSync(join(rulesDir, rule, d)).isDirectory())) {
      const dir = join(rulesDir, rule, c);
      const ctx = join(dir, 'context');
      const files: Record<string, string> = {};
      if (existsSync(ctx)) {
        for (const f of readdirSync(ctx, { recursive: true, encoding: 'utf8' })) if (statSync(join(ctx, f)).isFile()) files[f.split('\\').join('/')] = readFileSync(join(ctx, f), 'utf8');
      }
      const extra = existsSync(join(dir, 'project.json')) ? JSON.parse(readFileSync(join(dir, 'project.json'), 'utf8')) as Partial<Project> : {};
      out.push({ name: `${rule}/${c}`, project: project(readFileSync(join(dir, 'Dockerfile'), 'utf8'), files, extra) });
    }
  }
  const parsed = 'test/fixtures/dockerfiles';
  for (const f of readdirSync(parsed).filter((x) => x.endsWith('.Dockerfile'))) {
    try {
      out.push({ name: f, project: project(readFileSync(join(parsed, f), 'utf8')) });
    } catch {
      // fixtures of parse errors
    }
  }
  return out;
}

describe('the whole plan on every fixture Dockerfile', () => {
  const bases = ['python:3.13-slim', 'python:3.13-alpine', 'debian:trixie-slim'];
  it.each(corpus())('$name', ({ project: p }) => {
    const plan = planVariants(p, allRules, { bases, variants: [{ name: 'slim-nocache', rules: ['base-slim', 'pip-no-cache'] }] });
    for (const v of plan.variants) expect(() => parseDockerfile(v.dockerfile, `${v.name}/Dockerfile`)).not.toThrow();
    expect(plan.skipped.filter((s) => s.code === 'rule-failed')).toEqual([]);
    expect(new Set(plan.variants.map((v) => v.name)).size).toBe(plan.variants.length);
  });
});
