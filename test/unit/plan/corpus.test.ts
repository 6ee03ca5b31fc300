// The planner on a corpus of realistic projects (test/fixtures/corpus/<name>/: a Dockerfile and the context files it
// reads, see the README there): it never throws or records a dflab bug, every variant parses again, the original
// prints back byte for byte, and every variant's patch — made the way `dflab plan` makes it — passes
// `git apply --check` in a copy of the project and, applied for real, gives exactly the variant's files.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/index.js';
import { loadProject, type LoadedProject } from '../../../src/context/project.js';
import { parseDockerfile, printDockerfile, type DockerfileModel } from '../../../src/dockerfile/index.js';
import { planVariants, type Plan } from '../../../src/plan/index.js';
import { allRules } from '../../../src/rules/index.js';
import type { Project } from '../../../src/rules/types.js';
import { variantPatches } from '../../../src/run/variant-patches.js';

const ROOT = 'test/fixtures/corpus';
/** Fixture metadata, not part of the project's context. */
const META = new Set(['paths.txt', 'project.json']);

const names = readdirSync(ROOT).filter((n) => statSync(join(ROOT, n)).isDirectory()).sort();
const scratch = mkdtempSync(join(tmpdir(), 'dflab-corpus-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** The project as the product loads it (dflab.yaml included), plus paths.txt's contentless paths and project.json's fields. */
async function load(dir: string): Promise<{ loaded: LoadedProject; project: Project; plan: Plan }> {
  const { config } = await loadConfig(resolve(dir));
  const loaded = await loadProject(dir, config);
  const pathsFile = join(dir, 'paths.txt');
  const more = existsSync(pathsFile) ? readFileSync(pathsFile, 'utf8').split('\n').map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('#')) : [];
  const extra = existsSync(join(dir, 'project.json')) ? (JSON.parse(readFileSync(join(dir, 'project.json'), 'utf8')) as Pick<Project, 'importAnalysis'>) : {};
  const contextPaths = [...new Set([...loaded.project.contextPaths.filter((p) => !META.has(p)), ...more])].sort();
  const project: Project = { ...loaded.project, contextPaths, config: { onnx: config.onnx, prune: config.prune, bases: config.bases }, ...extra };
  const plan = planVariants(project, allRules, { ...config.rules, variants: config.variants, bases: config.bases });
  return { loaded: { ...loaded, project }, project, plan };
}

/**
 * Starting a process is slow, so each project takes three: its variants' patches, each moved under the directory of
 * its own copy of the project (`v<i>/`, headers only), make one patch that `git apply --check` and then `git apply`
 * run on once, in a git repository holding all the copies.
 */
function applyAll(name: string, source: string, patches: string[]): string {
  if (patches.length === 0) return '';
  const work = join(scratch, name);
  patches.forEach((_, i) => cpSync(source, join(work, `v${i}`), { recursive: true, filter: (src) => !META.has(src.slice(source.length + 1)) }));
  writeFileSync(join(work, 'all.patch'), patches.map((p, i) => underDir(p, `v${i}`)).join(''));
  const r = spawnSync('sh', ['-c', 'git init -q && git apply --check all.patch && git apply all.patch'], { cwd: work, encoding: 'utf8' });
  return r.status === 0 ? '' : `exit ${r.status}: ${r.stdout}${r.stderr}`.trim();
}

/** The patch with every file moved under `dir`: only the per-file header lines (up to the first hunk) change. */
function underDir(patch: string, dir: string): string {
  let header = false;
  return patch.split('\n').map((line) => {
    if (line.startsWith('diff --git ')) {
      header = true;
      const m = /^diff --git a\/(\S+) b\/(\S+)$/.exec(line);
      if (!m) throw new Error(`unexpected header (a quoted path?): ${line}`);
      return `diff --git a/${dir}/${m[1]} b/${dir}/${m[2]}`;
    }
    if (line.startsWith('@@')) header = false;
    if (header && /^(---|\+\+\+) [ab]\//.test(line)) return `${line.slice(0, 6)}${dir}/${line.slice(6)}`;
    return line;
  }).join('\n');
}

/** Blank lines inside instructions (heredoc bodies aside): each one continues the instruction past it. */
function blankContinuationLines(model: DockerfileModel): number {
  return model.instructions.filter((i) => i.heredocs.length === 0).reduce((n, i) => n + i.raw.split(/\r\n|\r|\n/).slice(1).filter((l) => l.trim() === '').length, 0);
}

describe.each(names)('%s', (name) => {
  const dir = join(ROOT, name);

  it('plans without a dflab bug; every variant parses; every patch applies and gives the variant', async () => {
    const { loaded, project, plan } = await load(dir);
    expect(printDockerfile(project.dockerfile)).toBe(readFileSync(loaded.dockerfileAbs, 'utf8'));
    expect(plan.skipped.filter((s) => s.code === 'rule-failed')).toEqual([]);
    expect(plan.variants[0]!.name).toBe('original');
    for (const v of plan.variants) {
      const model = parseDockerfile(v.dockerfile, `${name}:${v.name}`);
      expect(printDockerfile(model), v.name).toBe(v.dockerfile);
      // A continuation left dangling before a blank line joins the next instruction (BuildKit skips the blank line).
      expect(blankContinuationLines(model), `${v.name}: blank lines inside an instruction`).toBeLessThanOrEqual(blankContinuationLines(project.dockerfile));
    }

    const patches = variantPatches(plan, loaded);
    expect([...patches.keys()]).toEqual(plan.variants.slice(1).map((v) => v.name));
    for (const [variant, patch] of patches) expect(patch, variant).not.toBe('');
    expect(applyAll(name, dir, [...patches.values()])).toBe('');

    [...patches.keys()].forEach((variant, i) => {
      const v = plan.variants.find((x) => x.name === variant)!;
      const work = join(scratch, name, `v${i}`);
      // The Dockerfile may sit outside the build context (dflab.yaml `dockerfile:`, `context:`); rule paths are context-relative.
      expect(readFileSync(join(work, relative(loaded.dir, loaded.dockerfileAbs)), 'utf8'), `${variant}: Dockerfile`).toBe(v.dockerfile);
      for (const f of v.files) {
        const path = join(work, relative(loaded.dir, loaded.contextDir), f.path);
        if (f.newText === null) expect(existsSync(path), `${variant}: ${f.path} deleted`).toBe(false);
        else expect(readFileSync(path, 'utf8'), `${variant}: ${f.path}`).toBe(f.newText);
      }
    });
  }, 30_000);
});

it('holds at least 30 projects', () => {
  expect(names.length).toBeGreaterThanOrEqual(30);
});
