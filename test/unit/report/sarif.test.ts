// SARIF from `dflab plan` and from a recorded run: valid against the official 2.1.0 schema, each result at the
// lines its variant edits, and the fix's replacements turning the original into the variant byte for byte.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { ArtifactChange, Log, Region, Result } from 'sarif';
import { describe, expect, it } from 'vitest';
import { lineHunks, sarifLog } from '../../../src/report/sarif.js';
import { fallback } from '../../../src/run/import-evidence.js';
import { readResults } from '../../../src/run/results-file.js';
import { planSarif, runSarif } from '../../../src/run/sarif-output.js';
import { loadTrial, planFor } from '../../../src/run/selection.js';
import { sarifErrors } from '../../helpers/sarif-schema.js';

const root = resolve(import.meta.dirname, '../../..');
const DOCKERFILE = [
  'FROM python:3.13', //                                                           1
  'WORKDIR /app', //                                                               2
  'RUN apt-get update && apt-get install -y gcc', //                               3
  'COPY requirements.txt .', //                                                    4
  'RUN pip install -r requirements.txt', //                                        5
  'COPY . .', //                                                                   6
  'CMD ["python", "app.py"]', //                                                   7
  '',
].join('\n');

async function fixturePlan() {
  const dir = mkdtempSync(join(tmpdir(), 'dflab-sarif-'));
  writeFileSync(join(dir, 'Dockerfile'), DOCKERFILE);
  writeFileSync(join(dir, 'requirements.txt'), 'flask\n');
  writeFileSync(join(dir, 'app.py'), 'import flask\n');
  writeFileSync(join(dir, 'notes.ipynb'), '{}\n');
  const trial = await loadTrial(dir, { rules: ['base-slim', 'pip-no-cache', 'apt-hygiene', 'dockerignore'] });
  return { dir, ...trial, plan: planFor(trial, fallback('not built in this test')) };
}

/** Applies a fix's replacements (line/column or char regions, SARIF's 1-based lines and columns) to a text. */
function applyChange(text: string, change: ArtifactChange): string {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') starts.push(i + 1);
  const offset = (line: number, column: number) => starts[line - 1]! + column - 1;
  const range = (r: Region): [number, number] => (r.charOffset !== undefined
    ? [r.charOffset, r.charOffset + (r.charLength ?? 0)]
    : [offset(r.startLine!, r.startColumn ?? 1), r.endColumn === undefined ? starts[r.endLine!]! : offset(r.endLine ?? r.startLine!, r.endColumn)]);
  const edits = change.replacements.map((rep) => ({ at: range(rep.deletedRegion), text: rep.insertedContent?.text ?? '' }));
  let out = text;
  for (const e of edits.sort((a, b) => b.at[0] - a.at[0])) out = out.slice(0, e.at[0]) + e.text + out.slice(e.at[1]);
  return out;
}

const byRule = (log: Log, id: string): Result => log.runs[0]!.results!.find((r) => r.ruleId === id)!;
const lines = (r: Result) => r.locations!.map((l) => [l.physicalLocation!.artifactLocation!.uri, l.physicalLocation!.region?.startLine, l.physicalLocation!.region?.endLine]);

describe('SARIF from dflab plan', () => {
  it('validates against the official SARIF 2.1.0 schema', async () => {
    const { plan, loaded } = await fixturePlan();
    const log = planSarif(plan, loaded);
    expect(sarifErrors(log)).toEqual([]);
    // Code scanning tells analyses apart by the tool's version: dflab's own, from package.json.
    expect(log.runs[0]!.tool.driver.semanticVersion).toMatch(/^\d+\.\d+\.\d+/);
    expect(log.runs[0]!.results!.map((r) => r.ruleId)).toEqual(plan.variants.filter((v) => v.name !== 'original').map((v) => (v.rules.length === 1 ? v.rules[0] : 'combination')));
  });

  it('puts each result at the Dockerfile lines its variant edits, relative to the project root', async () => {
    const { plan, loaded } = await fixturePlan();
    const log = planSarif(plan, loaded);
    expect(lines(byRule(log, 'base-slim'))).toEqual([['Dockerfile', 1, 1]]);
    expect(lines(byRule(log, 'apt-hygiene'))).toEqual([['Dockerfile', 3, 3]]);
    expect(lines(byRule(log, 'pip-no-cache'))).toEqual([['Dockerfile', 5, 5]]);
    expect(lines(byRule(log, 'dockerignore'))).toEqual([['.dockerignore', undefined, undefined]]);
    expect(log.runs[0]!.originalUriBaseIds!['PROJECTROOT']!.uri).toBe(`file://${loaded.dir}/`);
    const pip = byRule(log, 'pip-no-cache');
    expect(pip.message.text).toContain('not built: `dflab run` measures what it saves');
    expect(log.runs[0]!.tool.driver.rules![pip.ruleIndex!]!.id).toBe('pip-no-cache');
    expect(log.runs[0]!.tool.driver.rules![pip.ruleIndex!]!.shortDescription!.text).toMatch(/no-cache-dir/);
  });

  it('the fixes turn the original files into the variant, byte for byte', async () => {
    const { plan, loaded } = await fixturePlan();
    const log = planSarif(plan, loaded);
    for (const v of plan.variants.filter((x) => x.name !== 'original')) {
      const result = log.runs[0]!.results!.find((r) => r.properties?.['variant'] === v.name)!;
      const changes = result.fixes![0]!.artifactChanges;
      const df = changes.find((c) => c.artifactLocation.uri === 'Dockerfile');
      expect(df ? applyChange(DOCKERFILE, df) : DOCKERFILE, v.name).toBe(v.dockerfile);
      for (const f of v.files) {
        const c = changes.find((x) => x.artifactLocation.uri === f.path)!;
        expect(applyChange(loaded.project.files[f.path] ?? '', c), f.path).toBe(f.newText);
      }
    }
  });

  it('rules that declined are not results; their reason codes ride in the run\'s properties', async () => {
    const { plan, loaded } = await fixturePlan();
    const notPlanned = planSarif(plan, loaded).runs[0]!.properties!['notPlanned'] as { rule: string; code: string }[];
    expect(notPlanned.map((s) => s.rule).sort()).toEqual(plan.skipped.map((s) => s.rule).sort());
    expect(notPlanned.every((s) => /^[a-z-]+$/.test(s.code))).toBe(true);
  });
});

describe('SARIF of a recorded run (experiments/hello-py)', () => {
  it('carries the measured saving, flags the smaller variant, and validates', async () => {
    const trial = await loadTrial(join(root, 'experiments/hello-py'));
    const plan = planFor(trial, fallback('recorded run'));
    const results = await readResults(join(root, 'test/fixtures/check/hello-run'));
    const log = runSarif(plan, trial.loaded, results);
    expect(sarifErrors(log)).toEqual([]);
    const slim = byRule(log, 'base-slim');
    expect(slim.level).toBe('warning');
    expect(slim.message.text).toBe('variant base-slim (base-slim): measured: size 828 MB → 162 MB (−666 MB, −80.5%); compressed 305 MB → 61 MB (−244 MB, −80.0%); cold build 1.3 s → 1.7 s');
    expect(lines(slim)).toEqual([['Dockerfile', 2, 2]]);
    expect(readFileSync(join(root, 'experiments/hello-py/Dockerfile'), 'utf8').split('\n')[1]).toBe('FROM python:3.13');
  });
});

describe('line hunks', () => {
  it('replacements, insertions and deletions, with 1-based line numbers of the original', () => {
    expect(lineHunks('a\nb\nc\n', 'a\nB\nc\n')).toEqual([{ start: 2, deleted: 1, inserted: 'B\n' }]);
    expect(lineHunks('a\nc\n', 'a\nb\nc\n')).toEqual([{ start: 2, deleted: 0, inserted: 'b\n' }]);
    expect(lineHunks('a\nb\nc\n', 'a\n')).toEqual([{ start: 2, deleted: 2, inserted: '' }]);
  });

  it('an empty log is valid SARIF too', () => {
    expect(sarifErrors(sarifLog({ rules: [], variants: [], notPlanned: [] }))).toEqual([]);
  });

  it('the schema catches what is not SARIF (the validator is live)', () => {
    expect(sarifErrors({ version: '2.1.0', runs: [{ tool: { driver: {} } }] }).length).toBeGreaterThan(0);
  });
});
