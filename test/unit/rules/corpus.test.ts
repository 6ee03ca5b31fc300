// Every rule on every Dockerfile the tests hold (rule cases and parser fixtures): no rule throws, every edit
// gives a Dockerfile that parses, a rule has nothing left to do on its own output, and all rules applied
// one after another (the cumulative variant) compose.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDockerfile } from '../../../src/dockerfile/index.js';
import { applyRules, withEdits } from '../../../src/plan/index.js';
import { allRules } from '../../../src/rules/index.js';
import { REASON_CODES } from '../../../src/reasons.js';
import type { Project } from '../../../src/rules/types.js';

function listFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((p) => statSync(join(dir, p)).isFile()).map((p) => p.split(sep).join('/'));
}

function load(dockerfile: string, caseDir: string | null): Project {
  const files: Record<string, string> = {};
  let more: string[] = [];
  if (caseDir) {
    for (const p of listFiles(join(caseDir, 'context'))) files[p] = readFileSync(join(caseDir, 'context', p), 'utf8');
    const paths = join(caseDir, 'paths.txt');
    if (existsSync(paths)) more = readFileSync(paths, 'utf8').split('\n').map((l) => l.trim()).filter((l) => l !== '');
  }
  const contextPaths = [...new Set(['Dockerfile', ...Object.keys(files), ...more])].sort();
  return { dockerfile: parseDockerfile(readFileSync(dockerfile, 'utf8'), dockerfile), dockerfilePath: 'Dockerfile', files, contextPaths };
}

const RULES = 'test/fixtures/rules';
const PARSER = 'test/fixtures/dockerfiles';
const corpus: [string, string | null][] = [
  ...readdirSync(RULES).filter((r) => statSync(join(RULES, r)).isDirectory()).flatMap((r) =>
    readdirSync(join(RULES, r)).filter((c) => existsSync(join(RULES, r, c, 'Dockerfile'))).map((c): [string, string | null] => [join(RULES, r, c, 'Dockerfile'), join(RULES, r, c)])),
  ...readdirSync(PARSER).filter((f) => f.endsWith('.Dockerfile')).map((f): [string, string | null] => [join(PARSER, f), null]),
];

describe.each(corpus)('%s', (dockerfile, caseDir) => {
  it('every rule applies cleanly and is idempotent', () => {
    const project = load(dockerfile, caseDir);
    for (const rule of allRules) {
      const verdict = rule.applies(project);
      if (!verdict.applies) {
        expect(verdict.reason.message, rule.id).not.toBe('');
        expect(REASON_CODES[verdict.reason.code].by, `${rule.id}: ${verdict.reason.code}`).toContain(rule.id);
        continue;
      }
      const after = withEdits(project, rule.apply(project), rule.id);
      expect(rule.applies(after), `${rule.id} on its own output`).toMatchObject({ applies: false });
    }
  });

  it('all rules compose', () => {
    const project = load(dockerfile, caseDir);
    const result = applyRules(project, allRules);
    expect(() => parseDockerfile(result.dockerfile)).not.toThrow();
  });
});
