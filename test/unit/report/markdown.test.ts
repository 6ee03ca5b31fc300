import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { expectGolden } from '../golden.js';
import { makePatch, MAX_REPORT_CHARS, renderMarkdownReport } from '../../../src/report/index.js';
import { DOCKERFILE, fixtureInput } from './fixture.js';
import { cellSeparators, splitFences } from './markdown-structure.js';

describe('renderMarkdownReport', () => {
  // UPDATE_GOLDEN=1 rewrites golden/report.md; review the diff before committing it.
  it('matches the golden report.md', () => {
    expectGolden(fileURLToPath(new URL('./golden/report.md', import.meta.url)), renderMarkdownReport(fixtureInput()));
  });
});

describe('renderMarkdownReport: user-controlled text shows as text', () => {
  const hostile = '<script>alert(1)</script>';

  function hostileInput() {
    const input = fixtureInput();
    const newDockerfile = `# ${hostile}\n# a heredoc that prints a fence:\n# \`\`\`\n# </details>\n${DOCKERFILE}`;
    const diff = makePatch([{ path: 'Dockerfile', oldText: DOCKERFILE, newText: newDockerfile }]);
    const [first, ...rest] = input.results.variants;
    if (!first) throw new Error('fixture has variants');
    input.results.project = `<b>proj</b> | @someone`;
    input.results.variants = [
      first,
      { ...rest[0]!, name: `evil<img src=x onerror=alert(1)>`, rules: ['a|b'], patch: 'patches/evil.patch' },
      ...rest.slice(1).map((v) => (v.outcome === 'build-failed'
        ? { ...v, error: `step "RUN x" failed: ${hostile}\n\`\`\`\n</details>\n${hostile}\n@everyone` }
        : v)),
    ];
    input.results.recommended = input.results.variants[1]!.name;
    input.recommendedReason = `${hostile} is smaller`;
    input.diffs = { [input.results.variants[1]!.name]: diff };
    input.notes = { original: [`${hostile}\nsecond line`] };
    input.skipped = [{ rule: 'x|y', reason: `${hostile} | cell` }];
    return { input, diff };
  }

  it('escapes names, reasons, notes and errors outside code, and never lets content close a fence', () => {
    const { input, diff } = hostileInput();
    const md = renderMarkdownReport(input);
    const { outside, blocks } = splitFences(md);
    expect(outside).not.toMatch(/<script|<img|<b>proj/);
    expect(outside).not.toContain('@everyone');
    expect(outside).not.toContain('@someone');
    expect(outside).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    // Only our own <details> blocks, one per variant.
    expect(outside.match(/<\/details>/g)).toHaveLength(input.results.variants.length);
    expect(outside.match(/<details>/g)).toHaveLength(input.results.variants.length);
    // The diff and the log arrive whole, inside their fences.
    expect(blocks.find((b) => b.info === 'diff')?.content).toBe(diff);
    expect(blocks.find((b) => b.info === 'text')?.content).toBe(`\`\`\`\n</details>\n${hostile}\n@everyone\n`);
  });

  it('keeps every table row to its cells', () => {
    const { input } = hostileInput();
    const lines = renderMarkdownReport(input).split('\n');
    const table = lines.filter((l) => l.startsWith('|'));
    expect(table).toHaveLength(2 + input.results.variants.length);
    const columns = table[0]!.split('|').length - 2;
    expect(columns).toBe(7); // the fixture has compressed sizes, so that column shows
    for (const line of table) expect(cellSeparators(line)).toBe(columns + 1);
  });
});

describe('renderMarkdownReport: fits a PR comment', () => {
  const lines = (n: number, width = 60) => Array.from({ length: n }, (_, i) => `line ${i} ${'x'.repeat(width)}`).join('\n') + '\n';
  const patchOf = (n: number) => makePatch([{ path: 'big.txt', oldText: null, newText: lines(n) }]);

  it('leaves a report that fits alone', () => {
    const md = renderMarkdownReport(fixtureInput());
    expect(md.length).toBeLessThan(MAX_REPORT_CHARS);
    expect(md).not.toContain('to fit a PR comment');
  });

  it('cuts the largest diffs first, to a common size, with a visible note', () => {
    const input = fixtureInput();
    const small = input.diffs['pip-no-cache']!;
    input.diffs['base-slim'] = patchOf(2000); // ~140,000 characters
    input.diffs['slim-nocache'] = patchOf(700); // ~49,000 characters
    const md = renderMarkdownReport(input);
    expect(md.length).toBeLessThanOrEqual(MAX_REPORT_CHARS);
    const { blocks } = splitFences(md);
    const diffs = blocks.filter((b) => b.info === 'diff').map((b) => b.content);
    expect(diffs).toContain(small);
    const cut = diffs.filter((d) => d.includes('big.txt'));
    expect(cut).toHaveLength(2);
    // Water-filled: the two cut diffs end up within a line of each other.
    expect(Math.abs(cut[0]!.length - cut[1]!.length)).toBeLessThan(200);
    expect(md).toMatch(/> Diff cut to fit a PR comment: showing the first \d+ of 2006 lines\. The full patch is patches\/base-slim\.patch in the run's out dir\./);
    expect(md).toMatch(/> Diff cut to fit a PR comment: showing the first \d+ of 706 lines\./);
    // Uses the room it has: cut no more than needed.
    expect(md.length).toBeGreaterThan(MAX_REPORT_CHARS - 3000);
  });

  it('cuts a huge build log to its last lines when the diffs are not enough', () => {
    const input = fixtureInput();
    const failed = input.results.variants.find((v) => v.outcome === 'build-failed')!;
    const log = Array.from({ length: 59 }, (_, i) => `#${i} ${'y'.repeat(2000)}`).join('\n');
    failed.error = `step "RUN make" failed: exit code 2\n${log}\nTHE LAST LINE`;
    const md = renderMarkdownReport(input);
    expect(md.length).toBeLessThanOrEqual(MAX_REPORT_CHARS);
    expect(md).toContain('THE LAST LINE');
    expect(md).toMatch(/> Output cut to fit a PR comment: showing the last \d+ of 60 lines\./);
    expect(() => splitFences(md)).not.toThrow();
  });

  it('cuts the text itself as a last resort, and says so', () => {
    const input = fixtureInput();
    const template = input.results.variants[0]!;
    input.results.variants = Array.from({ length: 2000 }, (_, i) => ({ ...template, name: `variant-${i}`, rank: i + 1 }));
    const md = renderMarkdownReport(input);
    expect(md.length).toBeLessThanOrEqual(MAX_REPORT_CHARS);
    expect(md).toContain('**Report cut here to fit a PR comment.**');
  });
});
