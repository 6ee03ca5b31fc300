// Every sentence that reaches report.md or report.html (reasons, trade-offs, notes, explanations, errors) shows
// its `code` as code: no backslash-escaped backtick on GitHub, no literal backtick in the HTML, on recorded runs.
import { describe, expect, it } from 'vitest';
import { renderReport } from '../../../src/report/render.js';
import { recordedRun, recordedRunNames } from '../../helpers/recorded-run.js';
import { fixtureRun } from './fixture.js';

/** report.md without its fenced blocks and code spans: what GitHub shows as prose. */
export function markdownProse(md: string): string {
  return md
    .replace(/^(`{3,})[^\n]*\n[\s\S]*?^\1$/gm, '')
    .replace(/(`+)(?!`)[\s\S]*?[^`]\1(?!`)/g, '');
}

/** report.html's text outside <code>, <pre>, <script>, <style> and tags. */
export function htmlProse(html: string): string {
  return html
    .replace(/<(code|pre|script|style)\b[\s\S]*?<\/\1>/g, '')
    .replace(/<[^>]*>/g, '');
}

const runs = [...recordedRunNames().map((name) => ({ name, input: recordedRun(name) })), { name: 'fixture', input: fixtureRun() }];

describe.each(runs)('the $name run', ({ input }) => {
  const files = renderReport(input).files;

  it('report.md has no escaped backtick outside code', () => {
    const prose = markdownProse(files.get('report.md')!);
    const lines = prose.split('\n').filter((l) => l.includes('`'));
    expect(lines).toEqual([]);
  });

  it('report.html has no backtick outside <code> and <pre>', () => {
    const lines = htmlProse(files.get('report.html')!).split('\n').filter((l) => l.includes('`'));
    expect(lines).toEqual([]);
  });
});

it('the recorded seed-verbatim run does carry `code` in its sentences, shown as code spans in both', () => {
  const files = renderReport(recordedRun('seed-verbatim')).files;
  expect(files.get('report.md')).toContain('through `bases:`, not in `all`');
  expect(files.get('report.html')).toContain('through <code>bases:</code>, not in <code>all</code>');
});
