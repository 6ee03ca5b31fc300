// Shared by the corpus tests (test/unit/plan/corpus.test.ts, test/unit/realworld/corpus.test.ts): a fixture project
// loaded as the product loads it, planned with every rule, and its variants' patches applied with git in one go.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadConfig } from '../../src/config/index.js';
import { loadProject, type LoadedProject } from '../../src/context/project.js';
import type { DockerfileModel } from '../../src/dockerfile/index.js';
import { planVariants, type Plan } from '../../src/plan/index.js';
import { allRules } from '../../src/rules/index.js';
import type { Project } from '../../src/rules/types.js';

/** Fixture metadata, not part of the project's context. */
const META = /^(paths\.txt|project\.json|SOURCE|expected\.plan\.txt)$/;

export function fixtureNames(root: string): string[] {
  return readdirSync(root).filter((n) => statSync(join(root, n)).isDirectory()).sort();
}

export function scratchDir(prefix: string): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** The project as the product loads it (dflab.yaml included), plus paths.txt's contentless paths and project.json's fields. */
export async function loadFixture(dir: string): Promise<{ loaded: LoadedProject; project: Project; plan: Plan }> {
  const { config } = await loadConfig(resolve(dir));
  const loaded = await loadProject(dir, config);
  const pathsFile = join(dir, 'paths.txt');
  const more = existsSync(pathsFile) ? readFileSync(pathsFile, 'utf8').split('\n').map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('#')) : [];
  const extra = existsSync(join(dir, 'project.json')) ? (JSON.parse(readFileSync(join(dir, 'project.json'), 'utf8')) as Pick<Project, 'importAnalysis'>) : {};
  const contextPaths = [...new Set([...loaded.project.contextPaths.filter((p) => !META.test(p)), ...more])].sort();
  const project: Project = { ...loaded.project, contextPaths, config: { onnx: config.onnx, prune: config.prune, bases: config.bases }, ...extra };
  const plan = planVariants(project, allRules, { ...config.rules, variants: config.variants, bases: config.bases });
  return { loaded: { ...loaded, project }, project, plan };
}

/**
 * Starting a process is slow, so each project takes three: its variants' patches, each moved under the directory of
 * its own copy of the project (`v<i>/`, headers only), make one patch that `git apply --check` and then `git apply`
 * run on once, in a git repository holding all the copies (under `scratch/name`).
 */
export function applyAll(scratch: string, name: string, source: string, patches: string[]): string {
  if (patches.length === 0) return '';
  const work = join(scratch, name);
  patches.forEach((_, i) => cpSync(source, join(work, `v${i}`), { recursive: true, filter: (src) => !META.test(src.slice(source.length + 1)) }));
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
export function blankContinuationLines(model: DockerfileModel): number {
  return model.instructions.filter((i) => i.heredocs.length === 0).reduce((n, i) => n + i.raw.split(/\r\n|\r|\n/).slice(1).filter((l) => l.trim() === '').length, 0);
}
