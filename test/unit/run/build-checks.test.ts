import { describe, expect, it } from 'vitest';
import { addedFindings } from '../../../src/run/build-checks.js';
import type { BuildCheckRecord } from '../../../src/results.js';

const f = (rule: string, line: number): BuildCheckRecord => ({ rule, detail: '', url: null, lines: [line] });

describe('addedFindings', () => {
  it('flags a rule the original does not break', () => {
    expect(addedFindings([f('JSONArgsRecommended', 7)], [f('JSONArgsRecommended', 9), f('FromAsCasing', 1)])).toEqual([f('FromAsCasing', 1)]);
  });
  it('counts per rule: a second finding of a rule the original breaks once is new; moved lines are not', () => {
    expect(addedFindings([f('UndefinedVar', 3)], [f('UndefinedVar', 5), f('UndefinedVar', 8)])).toEqual([f('UndefinedVar', 8)]);
    expect(addedFindings([f('UndefinedVar', 3), f('UndefinedVar', 4)], [f('UndefinedVar', 6)])).toEqual([]);
  });
});
