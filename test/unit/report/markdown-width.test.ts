// report.md's ranked table reads in a 760 px PR comment: at GitHub's 14 px font (about 8 px a character, taken
// generously) and 13 px padding a side, the narrowest each column can get (its longest unbreakable word; GitHub
// wraps at spaces and after hyphens) adds up to less than the column, for every recorded run.
import { describe, expect, it } from 'vitest';
import { renderReport } from '../../../src/report/render.js';
import { recordedRun, recordedRunNames } from '../../helpers/recorded-run.js';
import { fixtureRun } from './fixture.js';

const PX_PER_CHAR = 8;
const CELL_PADDING = 26;

function minContentWidth(md: string): number {
  const table = md.split('## Variants\n')[1]!.split('\n\n').find((b) => b.trimStart().startsWith('|'))!.trim().split('\n').filter((l) => !/^\|[-:| ]+\|$/.test(l));
  const rows = table.map((l) => l.split(/(?<!\\)\|/).slice(1, -1).map((c) => c.trim()));
  expect(rows.length).toBeGreaterThan(3);
  const widest = rows[0]!.map((_, col) => Math.max(...rows.map((r) => Math.max(...r[col]!.split(/\s+|(?<=-)/).map((w) => [...w].length)))));
  return widest.reduce((sum, chars) => sum + chars * PX_PER_CHAR + CELL_PADDING, 0);
}

const runs = [...recordedRunNames().map((name) => ({ name, input: recordedRun(name) })), { name: 'fixture', input: fixtureRun() }];

describe.each(runs)('report.md of the $name run', ({ input }) => {
  it('has a ranked table narrow enough for a 760 px PR comment', () => {
    const md = renderReport(input).files.get('report.md')!;
    expect(minContentWidth(md)).toBeLessThanOrEqual(760);
  });
});
