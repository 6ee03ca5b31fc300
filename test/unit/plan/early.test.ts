// Which variants a run starts before the built original's evidence is in, and what it runs once the plan made with
// that evidence is known: on the bundled experiments and the corpus, every variant started early is planned exactly
// so with the evidence (none is built twice, none with a stale Dockerfile).
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { earlyVariants, laterVariants } from '../../../src/plan/early.js';
import { planVariants, type Plan, type PlannedVariant } from '../../../src/plan/index.js';
import { allRules } from '../../../src/rules/index.js';
import type { ImportAnalysis, MinifyEvidence, Project, Rule, RuleEvidence } from '../../../src/rules/types.js';
import { fixtureNames, loadFixture } from '../../helpers/corpus.js';

const v = (name: string, rules: string[], dockerfile = `FROM python:3.13\n# ${name}\n`, base?: string): PlannedVariant =>
  ({ name, rules, dockerfile, files: [], notes: [], requires: [], aliases: [], ...(base ? { base } : {}) });
const plan = (...variants: PlannedVariant[]): Plan => ({ variants: [v('original', [], 'FROM python:3.13\n'), ...variants], skipped: [], target: { stage: null, index: 0, line: 1, description: '' } });
const rules = [{ id: 'prune-requirements', evidence: 'import-analysis' }, { id: 'minify', evidence: 'minify-trace' }, { id: 'base-slim' }, { id: 'apt-hygiene' }] as Rule[];
const both = new Set<RuleEvidence>(['import-analysis', 'minify-trace']);

describe('earlyVariants', () => {
  const p = plan(v('base-slim', ['base-slim']), v('apt-hygiene', ['apt-hygiene']), v('prune-requirements', ['prune-requirements']), v('minify', ['minify']),
    v('all', ['base-slim', 'apt-hygiene']), v('slim-and-apt', ['base-slim', 'apt-hygiene']), v('lean', ['apt-hygiene']), v('base-python-3.12', [], undefined, 'python:3.12'));

  it('starts base trials and the variants of one rule that reads no pending evidence; all and combinations wait', () => {
    expect(earlyVariants(p, rules, both).map((x) => x.name)).toEqual(['base-slim', 'apt-hygiene', 'base-python-3.12']);
    expect(earlyVariants(p, rules, new Set(['minify-trace'])).map((x) => x.name)).toEqual(['base-slim', 'apt-hygiene', 'prune-requirements', 'base-python-3.12']);
  });

  it('starts every variant but the original when no evidence is pending', () => {
    expect(earlyVariants(p, rules, new Set()).map((x) => x.name)).toEqual(p.variants.slice(1).map((x) => x.name));
  });
});

describe('laterVariants', () => {
  it('runs what was not started; a started variant the final plan builds differently, or not under its name, is stale', () => {
    const started = [v('base-slim', ['base-slim']), v('apt-hygiene', ['apt-hygiene']), v('base-python-3.12', [], undefined, 'python:3.12')];
    const final = plan(v('base-slim', ['base-slim']), v('apt-hygiene', ['apt-hygiene'], 'FROM python:3.13\nRUN changed\n'), v('minify', ['minify']));
    const { rest, stale } = laterVariants(final, started);
    expect(rest.map((x) => x.name)).toEqual(['apt-hygiene', 'minify']);
    expect([...stale]).toEqual(['apt-hygiene', 'base-python-3.12']);
  });
});

/** A Python project's evidence as a run reads it: the imports (one the project does not install: everything else is
 *  pruned; an analysis keeping nothing is not taken as evidence) and a trace of its smoke test. */
const IMPORTS: ImportAnalysis = { method: 'import-analysis', keep: ['not-installed-here'], aptKeep: [] };
const TRACE: MinifyEvidence = {
  ok: true, keep: ['app', 'app/app.py', 'usr', 'usr/bin', 'usr/bin/python3'], probes: 1,
  run: { env: ['PATH=/usr/bin:/bin'], workdir: '/app', user: '', entrypoint: [], cmd: ['python3', 'app.py'], exposedPorts: [] },
};

function planWith(project: Project, evidence: Partial<Project>): Plan {
  const c = project.config ?? {};
  return planVariants({ ...project, ...evidence }, allRules, { ...c.rules, bases: c.bases });
}

const dirs = [...['hello-py', 'pip-service', 'pipenv-app', 'poetry-app', 'text-classifier'].map((n) => join('experiments', n)),
  ...fixtureNames('test/fixtures/corpus').map((n) => join('test/fixtures/corpus', n))];

describe.each(dirs)('%s', (dir) => {
  it('plans every variant started without the evidence exactly so with it', async () => {
    const { project } = await loadFixture(dir);
    const before = planWith({ ...project, importAnalysis: undefined }, {});
    const started = earlyVariants(before, allRules, both);
    for (const evidence of [{ importAnalysis: IMPORTS, minifyTrace: TRACE }, { importAnalysis: { method: 'fallback-list' as const, keep: [], reason: 'x' } }]) {
      const { rest, stale } = laterVariants(planWith(project, evidence), started);
      expect([...stale], JSON.stringify(Object.keys(evidence))).toEqual([]);
      for (const s of started) expect(rest.map((x) => x.name)).not.toContain(s.name);
    }
  }, 30_000);
});
