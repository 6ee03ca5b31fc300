// A rule never loses a dependency install: on every Dockerfile the tests hold (rule cases, parser fixtures, the
// project corpus, the real-world corpus), every pip/uv/poetry/pipenv/conda install of the original runs in the variant too (moved, not lost).
// The rules that rebuild the final stage must also give it what each of its installs made: multi-stage moves every
// install to the builder and copies its tree from there, at the same path; onnx-runtime installs the pip
// requirements again.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { finalStage, parseDockerfile, type DockerfileModel, type Stage } from '../../../src/dockerfile/index.js';
import { installKeys, pythonInstalls, type DependencyInstall } from '../../../src/analysis/python/installers.js';
import { withEdits } from '../../../src/plan/index.js';
import { allRules } from '../../../src/rules/index.js';
import type { Project } from '../../../src/rules/types.js';

const RULES = 'test/fixtures/rules';
const PARSER = 'test/fixtures/dockerfiles';
const CORPUS = 'test/fixtures/corpus';
const REALWORLD = 'test/fixtures/realworld';
/** prune-requirements drops packages on purpose, so an install may rightly lose its last one. */
const PRUNING = new Set(['prune-requirements']);

function listFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((p) => statSync(join(dir, p)).isFile()).map((p) => p.split(sep).join('/'));
}

function load(dockerfile: string, contextDir: string | null, pathsFile: string | null): Project {
  const files: Record<string, string> = {};
  for (const p of contextDir ? listFiles(contextDir) : []) {
    if (p !== 'Dockerfile' && statSync(join(contextDir!, p)).size < 256 * 1024) files[p] = readFileSync(join(contextDir!, p), 'utf8');
  }
  const more = pathsFile && existsSync(pathsFile) ? readFileSync(pathsFile, 'utf8').split('\n').map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('#')) : [];
  const contextPaths = [...new Set(['Dockerfile', ...Object.keys(files), ...more])].sort();
  return { dockerfile: parseDockerfile(readFileSync(dockerfile, 'utf8'), dockerfile), dockerfilePath: 'Dockerfile', files, contextPaths };
}

const cases: [string, () => Project][] = [
  ...readdirSync(RULES).filter((r) => statSync(join(RULES, r)).isDirectory()).flatMap((r) =>
    readdirSync(join(RULES, r)).filter((c) => existsSync(join(RULES, r, c, 'Dockerfile'))).map((c): [string, () => Project] => {
      const dir = join(RULES, r, c);
      return [dir, () => load(join(dir, 'Dockerfile'), join(dir, 'context'), join(dir, 'paths.txt'))];
    })),
  ...readdirSync(PARSER).filter((f) => f.endsWith('.Dockerfile')).map((f): [string, () => Project] => [join(PARSER, f), () => load(join(PARSER, f), null, null)]),
  ...[CORPUS, REALWORLD].flatMap((root) => readdirSync(root).filter((n) => existsSync(join(root, n, 'Dockerfile'))).map((n): [string, () => Project] => {
    const dir = join(root, n);
    return [dir, () => load(join(dir, 'Dockerfile'), dir, join(dir, 'paths.txt'))];
  })),
];

function installsOf(model: DockerfileModel, stage: Stage, p: Project): DependencyInstall[] {
  return pythonInstalls(model, stage, p.files, p.contextPaths).installs.filter((i) => i.instr.stage === stage.index);
}

function allInstalls(p: Project): DependencyInstall[] {
  return p.dockerfile.stages.flatMap((s) => installsOf(p.dockerfile, s, p));
}

/** The tree's directory; null for the system site-packages and unknown places. */
function treePath(i: DependencyInstall): string | null {
  const t = i.tree;
  return t.kind === 'venv' || t.kind === 'prefix' ? t.path : t.kind === 'conda' ? t.prefix : t.kind === 'user' ? t.base : null;
}

/** True when the variant's final stage copies the install's tree from the (builder) stage that runs it, at the same path. */
function copiedToFinal(variant: Project, i: DependencyInstall): boolean {
  const model = variant.dockerfile;
  const final = finalStage(model);
  const same = (x: DependencyInstall) => installKeys(x).join('\n') === installKeys(i).join('\n');
  const source = model.stages.filter((s) => s !== final).flatMap((s) => installsOf(model, s, variant).filter(same).map((x) => ({ s, x })));
  return source.some(({ s, x }) => {
    const path = treePath(x);
    return path !== null && final.instructions.some((c) => {
      const from = c.flags.find((f) => f.name === 'from')?.value?.toLowerCase();
      const [src, dst] = c.args;
      return c.keyword === 'COPY' && (from === s.name?.toLowerCase() || from === String(s.index)) && src === dst && (path === src || path.startsWith(`${src}/`));
    });
  });
}

describe.each(cases)('%s', (_name, project) => {
  it('no rule loses a dependency install, and the final stage gets what the installs made', () => {
    const p = project();
    const before = allInstalls(p);
    const finalBefore = installsOf(p.dockerfile, finalStage(p.dockerfile), p);
    for (const rule of allRules) {
      if (!rule.applies(p).applies) continue;
      const variant = withEdits(p, rule.apply(p), rule.id);
      const left = allInstalls(variant).flatMap(installKeys);
      for (const key of PRUNING.has(rule.id) ? [] : before.flatMap(installKeys)) {
        const at = left.indexOf(key);
        expect(at, `${rule.id} lost \`${key}\``).not.toBe(-1);
        left.splice(at, 1);
      }
      if (rule.id === 'multi-stage') {
        for (const i of finalBefore) expect(copiedToFinal(variant, i), `multi-stage: the final stage lacks what line ${i.instr.line} installs`).toBe(true);
      }
      if (rule.id === 'onnx-runtime' && finalBefore.length > 0) {
        expect(finalBefore.every((i) => i.installer === 'pip'), 'onnx-runtime reinstalls pip requirements only').toBe(true);
        expect(installsOf(variant.dockerfile, finalStage(variant.dockerfile), variant).some((i) => i.installer === 'pip')).toBe(true);
      }
    }
  });
});
