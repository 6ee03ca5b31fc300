// The README's table of reason codes is the catalogue in src/reasons.ts, row for row: the doc cannot drift.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { REASON_CODES } from '../../src/reasons.js';
import { allRules } from '../../src/rules/index.js';

/** The README's table of codes: code → [declined by, meaning]. */
function readmeCodes(): Map<string, [string, string]> {
  const readme = readFileSync('README.md', 'utf8');
  const table = readme.slice(readme.indexOf('| code | declined by | meaning |'));
  const rows = table.slice(0, table.search(/\n(?!\|)/)).split('\n').slice(2);
  return new Map(rows.map((row) => {
    const m = /^\| `([a-z-]+)` \| (.*) \| (.*) \|$/.exec(row);
    if (!m) throw new Error(`README: unreadable row in the table of codes: ${row}`);
    return [m[1]!, [m[2]!, m[3]!]];
  }));
}

describe('the catalogue of reason codes', () => {
  it('is the README\'s table of codes, row for row', () => {
    const readme = readmeCodes();
    expect([...readme.keys()].sort()).toEqual(Object.keys(REASON_CODES).sort());
    for (const [code, info] of Object.entries(REASON_CODES)) {
      expect(readme.get(code), code).toEqual([info.by.map((b) => `\`${b}\``).join(', '), info.meaning]);
    }
  });

  it('names only known rules, the planner and the base trials as who declines', () => {
    const known = new Set(['planner', 'bases', 'predict', ...allRules.map((r) => r.id)]);
    for (const [code, info] of Object.entries(REASON_CODES)) {
      expect(code).toMatch(/^[a-z]+(-[a-z]+)*$/);
      for (const who of info.by) expect(known, `${code}: ${who}`).toContain(who);
    }
  });
});
