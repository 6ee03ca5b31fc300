import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { finalStage, insertAfter, parseDockerfile } from '../../../src/dockerfile/index.js';
import { applyRules, CHANGES_NOTHING, planVariants, type SkippedRule } from '../../../src/plan/index.js';
import { allRules, ruleById } from '../../../src/rules/index.js';
import type { Project, Rule, RuleEdits } from '../../../src/rules/types.js';

const FIXTURES = 'test/fixtures/rules/base-slim';

function project(text: string, files: Record<string, string> = {}): Project {
  return { dockerfile: parseDockerfile(text), dockerfilePath: 'Dockerfile', files, contextPaths: ['Dockerfile', ...Object.keys(files)].sort() };
}

function fakeRule(id: string, apply: (p: Project) => Partial<RuleEdits>, applies: (p: Project) => boolean = () => true): Rule {
  return {
    id,
    description: `test rule ${id}`,
    applies: (p) => (applies(p) ? { applies: true } : { applies: false, reason: { code: 'no-pip-install', message: `${id} does not fit` } }),
    apply: (p) => ({ dockerfile: [], files: [], notes: [], ...apply(p) }),
  };
}

const addLabel = (label: string) => fakeRule(`label-${label}`, (p) => ({ dockerfile: [insertAfter(finalStage(p.dockerfile).from, `LABEL ${label}=1`)] }));

describe('planVariants', () => {
  it('puts the original first, then each applicable rule alone', () => {
    const text = readFileSync(`${FIXTURES}/python-plain/Dockerfile`, 'utf8');
    const plan = planVariants(project(text), [ruleById('base-slim')!]);
    expect(plan.variants.map((v) => [v.name, v.rules])).toEqual([['original', []], ['base-slim', ['base-slim']]]);
    expect(plan.variants[0]).toEqual({ name: 'original', rules: [], dockerfile: text, files: [], notes: [], requires: [], aliases: [] });
    expect(plan.variants[1]!.requires).toEqual([{ kind: 'base-image', subject: 'python:3.12-slim' }]);
    expect(plan.variants[1]!.dockerfile).toBe(readFileSync(`${FIXTURES}/python-plain/expected.Dockerfile`, 'utf8'));
    expect(plan.variants[1]!.notes).toEqual(readFileSync(`${FIXTURES}/python-plain/expected.notes.txt`, 'utf8').trimEnd().split('\n'));
    expect(plan.skipped).toEqual([]);
  });

  it('records rules that do not apply, with their reason', () => {
    const plan = planVariants(project('FROM python:3.12-slim\n'), [ruleById('base-slim')!]);
    expect(plan.variants.map((v) => v.name)).toEqual(['original']);
    expect(plan.skipped).toEqual([{ rule: 'base-slim', code: 'base-already-slim', reason: 'python:3.12-slim is already slim' }]);
  });

  it('honours include and exclude, and names unknown rule ids', () => {
    const rules = [ruleById('base-slim')!, addLabel('a')];
    const p = project('FROM python:3.12\n');
    expect(planVariants(p, rules, { exclude: ['base-slim'] })).toMatchObject({
      variants: [{ name: 'original' }, { name: 'label-a' }],
      skipped: [{ rule: 'base-slim', code: 'excluded', reason: 'excluded by rules.exclude' }],
    });
    expect(planVariants(p, rules, { include: ['base-slim', 'nope'] })).toMatchObject({
      variants: [{ name: 'original' }, { name: 'base-slim' }],
      skipped: [{ rule: 'nope', code: 'unknown-rule', reason: 'no such rule' }, { rule: 'label-a', code: 'not-included', reason: 'not in rules.include' }],
    });
  });

  it('names the flag the user typed when the command line chose (--rules, --skip-rules), the dflab.yaml key otherwise', () => {
    const rules = [ruleById('base-slim')!, addLabel('a'), addLabel('b')];
    const p = project('FROM python:3.12\n');
    const plan = planVariants(p, rules, { include: ['label-a', 'label-b'], exclude: ['label-b'], byFlag: { include: true, exclude: ['label-b'] } });
    expect(plan.skipped).toEqual([
      { rule: 'base-slim', code: 'not-included', reason: 'not in --rules' },
      { rule: 'label-b', code: 'excluded', reason: 'excluded by --skip-rules' },
    ]);
    const fromYaml = planVariants(p, rules, { include: ['label-a'], exclude: ['label-b'], byFlag: { include: false, exclude: [] } });
    expect(fromYaml.skipped.map((s) => s.reason)).toEqual(['not in rules.include', 'excluded by rules.exclude']);
  });

  it('builds variants with the same Dockerfile and files once: the later one is the first one\'s alias', () => {
    const same = fakeRule('same-as-a', (p) => ({ dockerfile: [insertAfter(finalStage(p.dockerfile).from, 'LABEL a=1')] }));
    const noop = fakeRule('no-op', () => ({}));
    const plan = planVariants(project('FROM debian\n'), [addLabel('a'), same, noop], { cumulative: false });
    expect(plan.variants.map((v) => [v.name, v.aliases])).toEqual([['original', []], ['label-a', [{ name: 'same-as-a', rules: ['same-as-a'] }]]]);
    expect(plan.skipped).toEqual([{ rule: 'no-op', code: CHANGES_NOTHING.code, reason: CHANGES_NOTHING.message }]);
  });

  it('builds once variants whose Dockerfiles differ only in comments, blanks and line continuations', () => {
    const text = 'FROM debian\nRUN apt-get update && apt-get install -y curl\n';
    const rewrite = (id: string, to: string) => fakeRule(id, (p) => ({ dockerfile: [{ start: 0, end: p.dockerfile.text.length, newText: to }] }));
    const plan = planVariants(project(text), [
      rewrite('layout', '# a comment\nFROM debian\n\nRUN apt-get update \\\n    # inner comment\n    &&   apt-get install -y curl\n'),
      rewrite('real', 'FROM debian\nRUN apt-get update && apt-get install -y --no-install-recommends curl\n'),
      rewrite('real-again', 'FROM debian\nRUN  apt-get update \\\n && apt-get install -y --no-install-recommends curl\n'),
      rewrite('quoted', 'FROM debian\nRUN apt-get update && apt-get install -y curl && echo "a  b"\n'),
      rewrite('quoted-2', 'FROM debian\nRUN apt-get update && apt-get install -y curl && echo "a b"\n'),
    ], { cumulative: false });
    expect(plan.variants.map((v) => v.name)).toEqual(['original', 'real', 'quoted', 'quoted-2']);
    expect(plan.skipped).toEqual([{ rule: 'layout', code: 'changes-nothing', reason: CHANGES_NOTHING.message }]);
    expect(plan.variants.find((v) => v.name === 'real')!.aliases).toEqual([{ name: 'real-again', rules: ['real-again'] }]);
  });

  it('tells apart effectively equal Dockerfiles that change different context files', () => {
    const flag = (id: string, file: string) => fakeRule(id, (p) => ({
      dockerfile: [{ start: 0, end: p.dockerfile.text.length, newText: 'FROM debian\nRUN  true\n' }],
      files: [{ path: file, newText: 'x\n' }],
    }));
    const plan = planVariants(project('FROM debian\n'), [flag('a', 'a.txt'), flag('b', 'b.txt'), flag('a-again', 'a.txt')], { cumulative: false });
    expect(plan.variants.map((v) => [v.name, v.aliases.map((a) => a.name)])).toEqual([['original', []], ['a', ['a-again']], ['b', []]]);
    expect(plan.skipped).toEqual([]);
  });

  it('leaves out a rule whose only file edit writes what the file already holds', () => {
    const same = fakeRule('same-file', () => ({ files: [{ path: 'requirements.txt', newText: 'flask\n' }] }));
    const plan = planVariants(project('FROM debian\n', { 'requirements.txt': 'flask\n' }), [same]);
    expect(plan.variants.map((v) => v.name)).toEqual(['original']);
    expect(plan.skipped).toEqual([{ rule: 'same-file', code: 'changes-nothing', reason: CHANGES_NOTHING.message }]);
  });

  it('tells apart variants that differ only in context files', () => {
    const a = fakeRule('file-a', () => ({ files: [{ path: '.dockerignore', newText: '.git\n' }] }));
    const b = fakeRule('file-b', () => ({ files: [{ path: '.dockerignore', newText: '.venv\n' }] }));
    const plan = planVariants(project('FROM debian\n'), [a, b]);
    expect(plan.variants.map((v) => [v.name, v.files])).toEqual([
      ['original', []], ['file-a', [{ path: '.dockerignore', newText: '.git\n' }]], ['file-b', [{ path: '.dockerignore', newText: '.venv\n' }]],
    ]);
  });

  it('turns a failing rule into a skipped entry, not a crash', () => {
    const broken = fakeRule('broken', (p) => ({ dockerfile: [{ start: 0, end: p.dockerfile.text.length, newText: 'RUN oops\n' }] }));
    const plan = planVariants(project('FROM debian\n'), [broken, addLabel('b')]);
    expect(plan.variants.map((v) => v.name)).toEqual(['original', 'label-b']);
    expect(plan.skipped).toEqual([{ rule: 'broken', code: 'rule-failed', reason: expect.stringMatching(/^the rule failed \(a dflab bug\): rule broken produced a Dockerfile that does not parse: .*RUN before the first FROM/) }]);
  });
});

describe('applyRules', () => {
  it('applies rules in sequence, each on the reparsed result of the ones before', () => {
    const seen: string[] = [];
    const afterSlim = fakeRule('after-slim', (p) => {
      seen.push(finalStage(p.dockerfile).baseImage);
      return { dockerfile: [insertAfter(finalStage(p.dockerfile).from, 'ENV PIP_NO_CACHE_DIR=1')], notes: ['second'] };
    });
    const result = applyRules(project('FROM python:3.12\nCMD ["python"]\n'), [ruleById('base-slim')!, afterSlim]);
    expect(seen).toEqual(['python:3.12-slim']);
    expect(result.dockerfile).toBe('FROM python:3.12-slim\nENV PIP_NO_CACHE_DIR=1\nCMD ["python"]\n');
    expect(result.applied).toEqual(['base-slim', 'after-slim']);
    expect(result.notes).toEqual(['second']);
    expect(result.project.dockerfile.instructions.map((i) => i.keyword)).toEqual(['FROM', 'ENV', 'CMD']);
  });

  it('skips a rule that no longer applies at its turn', () => {
    const slim = ruleById('base-slim')!;
    const result = applyRules(project('FROM python:3.12\n'), [slim, slim]);
    expect(result.applied).toEqual(['base-slim']);
    expect(result.skipped).toEqual([{ rule: 'base-slim', code: 'base-already-slim', reason: 'python:3.12-slim is already slim' }]);
  });

  it('threads context files through the rules and reports net changes only', () => {
    const original = project('FROM debian\n', { 'requirements.txt': 'torch\nflask\n', 'old.txt': 'x' });
    const edit = fakeRule('edit', (p) => ({ files: [{ path: 'requirements.txt', newText: p.files['requirements.txt']!.replace('torch\n', '') }, { path: 'new.txt', newText: 'n' }] }));
    const restore = fakeRule('restore', (p) => {
      expect(p.files['requirements.txt']).toBe('flask\n');
      expect(p.contextPaths).toContain('new.txt');
      return { files: [{ path: 'requirements.txt', newText: 'torch\nflask\n' }, { path: 'old.txt', newText: null }] };
    });
    const result = applyRules(original, [edit, restore]);
    expect(result.files).toEqual([{ path: 'new.txt', newText: 'n' }, { path: 'old.txt', newText: null }]);
    expect(result.project.contextPaths).toEqual(['Dockerfile', 'new.txt', 'requirements.txt']);
    expect(original.files).toEqual({ 'requirements.txt': 'torch\nflask\n', 'old.txt': 'x' });
  });
});

describe('withSavingEstimates', () => {
  it('adds the bytes torch & co. take to onnx-runtime and torch-cpu when they were not tried, and only then', async () => {
    const { withSavingEstimates } = await import('../../../src/plan/estimates.js');
    // The code, not the wording, says a rule was left out by the selection: a reworded message changes nothing.
    const skipped: SkippedRule[] = [
      { rule: 'onnx-runtime', code: 'onnx-not-configured', reason: 'needs an export command' },
      { rule: 'torch-cpu', code: 'excluded', reason: 'left out by --skip-rules' },
      { rule: 'pip-no-cache', code: 'no-pip-install', reason: 'no pip install in any RUN' },
    ];
    const evidence = { method: 'import-analysis' as const, keep: [], heavyBytes: { torch: 800_000_000, 'deb:libtorch2.6': 200_000_000, 'nvidia-cublas-cu12': 0 } };
    const out = withSavingEstimates(skipped, evidence);
    expect(out[0]!.reason).toBe('needs an export command; estimated saving: torch & co. take 1 GB in the original (torch 800 MB, libtorch2.6 200 MB)');
    expect(out[1]!.reason).toBe('left out by --skip-rules');
    expect(out[2]).toEqual(skipped[2]);
    expect(withSavingEstimates(skipped, undefined)).toBe(skipped);
  });
});

describe('the effect a rule is named for', () => {
  const declares = (rule: Rule, effect: Rule['effect']): Rule => ({ ...rule, effect });
  const newBase = { says: 'a new base for the final stage', present: (b: Project, a: Project) => finalStage(b.dockerfile).baseImage !== finalStage(a.dockerfile).baseImage };

  it('is checked by the planner: a variant without it is not planned under the rule\'s name (effect-absent)', () => {
    const plan = planVariants(project('FROM debian\n'), [declares(addLabel('a'), newBase)]);
    expect(plan.variants.map((v) => v.name)).toEqual(['original']);
    expect(plan.skipped).toEqual([{ rule: 'label-a', code: 'effect-absent', reason: 'a new base for the final stage is not in the variant, so it is not a label-a variant: not planned' }]);
  });

  it('lets the variant through when it is there, with what the rule says it requires', () => {
    const swap = fakeRule('swap', (p) => ({ dockerfile: [{ ...finalStage(p.dockerfile).baseImageRange, newText: 'debian:slim' }], requires: [{ kind: 'not-installed', subject: 'perl' }] }));
    const rule: Rule = { ...declares(swap, newBase), requires: () => [{ kind: 'base-image', subject: 'debian:slim' }] };
    const plan = planVariants(project('FROM debian\n'), [rule]);
    expect(plan.variants[1]).toMatchObject({ name: 'swap', requires: [{ kind: 'not-installed', subject: 'perl' }, { kind: 'base-image', subject: 'debian:slim' }] });
  });

  it('holds for every rule that declares one on the rule goldens it applies to, but multi-stage on an apt-only stack (one stage)', () => {
    const seen: string[] = [];
    for (const rule of allRules.filter((r) => r.effect)) {
      const root = `test/fixtures/rules/${rule.id}`;
      if (!existsSync(root)) continue;
      for (const c of readdirSync(root).filter((n) => existsSync(`${root}/${n}/expected.Dockerfile`))) {
        const before = project(readFileSync(`${root}/${c}/Dockerfile`, 'utf8'));
        const after = project(readFileSync(`${root}/${c}/expected.Dockerfile`, 'utf8'));
        if (!rule.effect!.present(before, after)) seen.push(`${rule.id}/${c}`);
      }
    }
    expect(seen).toEqual(['multi-stage/apt-only']);
  });
});
