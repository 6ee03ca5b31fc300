// Golden tests for every rule: test/fixtures/rules/<rule id>/<case>/ holds the input `Dockerfile` (and,
// optionally, context files under `context/`), and the reviewed expectations:
//   expected.Dockerfile   the variant's Dockerfile, when the rule applies
//   expected.notes.txt    its notes, one per line (absent when there are none)
//   expected.files/       context files the rule writes (a deletion is an empty `<path>.deleted`)
//   expected.reason.txt   why the rule does not apply, when it does not: `[code] message` (formatReason)
// and, optionally, `paths.txt`: more context paths (one a line) that exist without content (.git/HEAD, data dumps),
// each optionally followed by its size in bytes (`junk/dump.bin 31457280`: a large file without committing one),
// and `project.json`: more Project fields (config: {onnx, prune}, importAnalysis).
// UPDATE_GOLDEN=1 rewrites them from the current output; review every change.
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyEdits, parseDockerfile } from '../../../src/dockerfile/index.js';
import { withEdits } from '../../../src/plan/index.js';
import { wantsText } from '../../../src/analysis/context/index.js';
import { allRules } from '../../../src/rules/index.js';
import { formatReason, REASON_CODES } from '../../../src/reasons.js';
import type { FileEdit, Project } from '../../../src/rules/types.js';
import { expectGolden, UPDATE_GOLDEN } from '../golden.js';

const ROOT = 'test/fixtures/rules';

function listFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((p) => statSync(join(dir, p)).isFile())
    .map((p) => p.split(sep).join('/'))
    .sort();
}

function loadCase(dir: string): Project {
  const text = readFileSync(join(dir, 'Dockerfile'), 'utf8');
  const contextDir = join(dir, 'context');
  const files: Record<string, string> = {};
  for (const p of listFiles(contextDir)) files[p] = readFileSync(join(contextDir, p), 'utf8');
  const pathsFile = join(dir, 'paths.txt');
  const more = existsSync(pathsFile) ? readFileSync(pathsFile, 'utf8').split('\n').map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('#')).map((l) => l.split(/\s+/)) : [];
  const contextPaths = [...new Set(['Dockerfile', ...Object.keys(files), ...more.map(([p]) => p!)])].sort();
  // The scan the loader would gather: sizes (the files' own, paths.txt's declared ones, else 0) and the texts it reads.
  const sizes = Object.fromEntries(contextPaths.map((p) => [p, Buffer.byteLength(files[p] ?? '')]));
  for (const [p, size] of more) if (size !== undefined) sizes[p!] = Number(size);
  const texts = Object.fromEntries(Object.entries(files).filter(([p]) => wantsText(p, sizes[p]!)));
  // project.json: optional Project fields beyond the files (config: {onnx, prune}, importAnalysis).
  const extra = existsSync(join(dir, 'project.json')) ? JSON.parse(readFileSync(join(dir, 'project.json'), 'utf8')) as Pick<Project, 'config' | 'importAnalysis'> : {};
  return { dockerfile: parseDockerfile(text, relative('.', join(dir, 'Dockerfile'))), dockerfilePath: 'Dockerfile', files, contextPaths, contextScan: { sizes, texts, complete: true }, ...extra };
}

function expectFileEdits(dir: string, edits: FileEdit[]): void {
  const expectedDir = join(dir, 'expected.files');
  const actual = new Map(edits.map((e) => (e.newText === null ? [`${e.path}.deleted`, ''] : [e.path, e.newText])));
  if (UPDATE_GOLDEN) rmSync(expectedDir, { recursive: true, force: true });
  else expect(listFiles(expectedDir)).toEqual([...actual.keys()].sort());
  for (const [path, text] of actual) expectGolden(join(expectedDir, path), text);
}

const rulesWithCases = allRules.filter((r) => existsSync(join(ROOT, r.id)));

describe.each(rulesWithCases)('$id', (rule) => {
  const cases = readdirSync(join(ROOT, rule.id)).filter((c) => statSync(join(ROOT, rule.id, c)).isDirectory()).sort();

  it.each(cases)('%s', (name) => {
    const dir = join(ROOT, rule.id, name);
    const project = loadCase(dir);
    const verdict = rule.applies(project);
    if (!verdict.applies) {
      expectGolden(join(dir, 'expected.reason.txt'), `${formatReason(verdict.reason)}\n`);
      // The catalogue (and so the README) lists this rule among those that decline with the code.
      expect(REASON_CODES[verdict.reason.code].by, verdict.reason.code).toContain(rule.id);
      expectGolden(join(dir, 'expected.Dockerfile'), null);
      expectGolden(join(dir, 'expected.notes.txt'), null);
      expectFileEdits(dir, []);
      expect(() => rule.apply(project)).toThrow(/does not apply/);
      return;
    }
    const edits = rule.apply(project);
    const text = applyEdits(project.dockerfile.text, edits.dockerfile);
    expectGolden(join(dir, 'expected.reason.txt'), null);
    expectGolden(join(dir, 'expected.Dockerfile'), text);
    expectGolden(join(dir, 'expected.notes.txt'), edits.notes.length ? `${edits.notes.join('\n')}\n` : null);
    expectFileEdits(dir, edits.files);
    // The variant (Dockerfile reparsed, context files written) parses, and the rule has nothing left to do on it.
    const after = withEdits(project, edits, rule.id);
    expect(after.dockerfile.text).toBe(text);
    expect(rule.applies(after).applies).toBe(false);
  });
});
