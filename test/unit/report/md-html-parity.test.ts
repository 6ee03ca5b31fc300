// report.html carries every fact report.md shows: its table cells, list items (packages removed, trade-offs,
// rules that did not apply, notes), bold-led lines and details, for recorded runs and the fixture run. The
// Recommendation block is worded for each medium and left out; so are code blocks (the same patches and logs).
import { describe, expect, it } from 'vitest';
import { renderReport } from '../../../src/report/render.js';
import { recordedRun, recordedRunNames } from '../../helpers/recorded-run.js';
import { fixtureRun } from './fixture.js';

/** The same sections under the names each rendering gives them. */
const HTML_HEADING: Record<string, string> = { Details: 'Variants in detail' };

/** Markdown text as it reads: escapes, emphasis, code ticks and entities gone. */
function plainMarkdown(text: string): string {
  return decode(text.replace(/\\([\\`*_[\]|~#+=.()<>-])/g, '$1').replace(/\*\*|`+/g, '').replace(/<\/?(b|summary|details)>/g, ''));
}

function decode(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'")
    .replace(/&#x([0-9a-f]+);/gi, (_, hex: string) => String.fromCodePoint(parseInt(hex, 16))).replace(/&amp;/g, '&');
}

/** Whitespace differs between the two (cells, list items, wrapped lines): compared without it. */
const squeeze = (text: string) => text.replace(/\s+/g, '');

/** What report.md states, section by section, outside the Recommendation and code blocks. */
export function markdownFacts(md: string): { headings: string[]; facts: string[] } {
  const body = md.replace(/^(`{3,})[^\n]*\n[\s\S]*?^\1$/gm, '').split(/^## /m).slice(1).filter((s) => !s.startsWith('Recommendation'));
  const headings = body.map((s) => s.split('\n', 1)[0]!.trim());
  const facts: string[] = [];
  for (const line of body.flatMap((s) => s.split('\n').slice(1))) {
    if (/^\|[-:| ]+\|$/.test(line)) continue;
    if (line.startsWith('|')) facts.push(...line.split(/(?<!\\)\|/).slice(1, -1).map((c) => c.trim()).filter((c) => c !== '' && c !== '—'));
    else if (line.startsWith('- ') || line.startsWith('**') || line.startsWith('Rules: ') || line.startsWith('<details>')) facts.push(...labelled(line.replace(/^- /, '')));
  }
  return { headings, facts: facts.map(plainMarkdown).filter((f) => f.trim() !== '') };
}

/**
 * "**rule**: a; b" → rule, a, b: the HTML puts the label and each item in cells or list items of their own.
 * "**Error:** text" → text: the HTML shows the error as its own block.
 */
function labelled(line: string): string[] {
  const m = /^\*\*([^*]+?)(:?)\*\*(:?) (.*)$/.exec(line);
  if (!m || (m[2] === '' && m[3] === '')) return line.split('; ');
  return [...(m[1] === 'Error' ? [] : [m[1]!]), ...m[4]!.split('; ')];
}

function htmlText(html: string): string {
  return decode(html.replace(/<script[\s\S]*?<\/script>|<style[\s\S]*?<\/style>/g, '').replace(/<[^>]*>/g, ''));
}

const runs = [...recordedRunNames().map((name) => ({ name, input: recordedRun(name) })), { name: 'fixture', input: fixtureRun() }];

describe.each(runs)('report.html of the $name run against its report.md', ({ input }) => {
  const files = renderReport(input).files;
  const md = markdownFacts(files.get('report.md')!);
  const html = files.get('report.html')!;

  it('has every section report.md has', () => {
    const htmlHeadings = [...html.matchAll(/<h2>([^<]*)<\/h2>/g)].map((m) => decode(m[1]!));
    expect(md.headings.length).toBeGreaterThan(2);
    for (const h of md.headings) expect(htmlHeadings).toContain(HTML_HEADING[h] ?? h);
  });

  it('states every fact report.md states', () => {
    const text = squeeze(htmlText(html));
    expect(md.facts.length).toBeGreaterThan(20);
    expect(md.facts.filter((f) => !text.includes(squeeze(f)))).toEqual([]);
  });
});
