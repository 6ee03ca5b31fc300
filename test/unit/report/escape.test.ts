import { describe, expect, it } from 'vitest';
import { codeBlock, codeSpan, escapeHtml, escapeMarkdown } from '../../../src/report/escape.js';
import { splitFences } from './markdown-structure.js';

describe('escaping for report.md', () => {
  it('shows HTML in Markdown text as text', () => {
    expect(escapeMarkdown('<script>alert(1)</script>')).toBe('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(escapeHtml('<b a="1">&')).toBe('&lt;b a=&quot;1&quot;&gt;&amp;');
  });

  it('keeps text inside one table cell or list item', () => {
    expect(escapeMarkdown('a | b\nc')).toBe('a \\| b c');
    expect(escapeMarkdown('# not a heading')).toBe('\\# not a heading');
    expect(escapeMarkdown('1. not a list')).toBe('1\\. not a list');
    expect(escapeMarkdown('- not a list')).toBe('\\- not a list');
  });

  it('neutralises emphasis, links, code and mentions', () => {
    expect(escapeMarkdown('*b* _i_ [x](javascript:y) `c` ~s~ @everyone \\')).toBe(
      '\\*b\\* \\_i\\_ \\[x\\](javascript:y) \\`c\\` \\~s\\~ @\u200Beveryone \\\\',
    );
  });

  it('defuses @mentions in Markdown and HTML text, but leaves e-mail addresses alone', () => {
    expect(escapeMarkdown('@org/team and a@b.c')).toBe('@\u200Borg/team and a@b.c');
    expect(escapeHtml('ping @someone')).toBe('ping @\u200Bsomeone');
  });

  it('leaves "&&" readable but keeps entities literal', () => {
    expect(escapeMarkdown('a && b &lt; c')).toBe('a && b &amp;lt; c');
  });

  it('makes code spans and fences longer than any backtick run inside', () => {
    expect(codeSpan('a`b')).toBe('``a`b``');
    expect(codeSpan('`x`')).toBe('`` `x` ``');
    const text = 'before\n```\nnot the end\n````\nstill inside\n';
    const block = codeBlock(text, 'diff');
    expect(block.startsWith('`````diff\n')).toBe(true);
    expect(splitFences(`${block}\n`).blocks).toEqual([{ info: 'diff', content: text }]);
  });
});

describe('dflab prose: `backticks` are code, the rest is escaped', () => {
  it('renders a note\'s code spans as code on GitHub, never as escaped backticks', async () => {
    const { escapeProse, escapeProseHtml } = await import('../../../src/report/escape.js');
    expect(escapeProse('line 14: `poetry install --no-dev` runs in the builder *only*')).toBe('line 14: `poetry install --no-dev` runs in the builder \\*only\\*');
    expect(escapeProse('`a | b` and c | d')).toBe('`a \\| b` and c \\| d');
    expect(escapeProse('a `` b')).toBe('a \\`\\` b');
    expect(escapeProseHtml('run `RUN <x>` & go')).toBe('run <code>RUN &lt;x&gt;</code> &amp; go');
  });
});
