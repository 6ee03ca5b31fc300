// zstd beside gzip: a column of its own in both reports, only when some variant has it.
import prettyBytes from 'pretty-bytes';
import { describe, expect, it } from 'vitest';
import { renderMarkdownReport } from '../../../src/report/index.js';
import { resultsSchema } from '../../../src/results.js';
import { fixtureInput } from './fixture.js';

function withZstd() {
  const input = fixtureInput();
  input.results.variants = input.results.variants.map((v) =>
    v.name === 'original' ? { ...v, compressedZstdBytes: 351_700_000, compressedZstdMethod: 'buildkit' as const } : v);
  return input;
}

describe('zstd sizes in the report', () => {
  it('adds a zstd column after Compressed, with the measured bytes in the variant row', () => {
    const md = renderMarkdownReport(withZstd());
    const header = md.split('\n').find((l) => l.startsWith('| Rank |'))!;
    expect(header.split('|').map((c) => c.trim())).toEqual(expect.arrayContaining(['Compressed', 'zstd']));
    expect(header.indexOf('zstd')).toBeGreaterThan(header.indexOf('Compressed'));
    const row = md.split('\n').find((l) => /^\| \S+ \| original \|/.test(l))!;
    expect(row).toContain(prettyBytes(406_200_000));
    expect(row).toContain(prettyBytes(351_700_000));
  });

  it('has no zstd column when no variant has a zstd size (runs before it was measured)', () => {
    expect(renderMarkdownReport(fixtureInput())).not.toMatch(/\| zstd \|/);
  });
});

describe('results.json: compressedZstdBytes', () => {
  const results = () => fixtureInput().results;
  it('reads results written before the field existed', () => {
    expect(resultsSchema.safeParse(results()).success).toBe(true);
  });
  it('accepts a measured zstd size with its method, and rejects a method dflab does not write', () => {
    const r = results();
    r.variants[0] = { ...r.variants[0]!, compressedZstdBytes: 1000, compressedZstdMethod: 'buildkit' };
    expect(resultsSchema.safeParse(r).success).toBe(true);
    const bad = JSON.parse(JSON.stringify(r)) as { variants: Record<string, unknown>[] };
    bad.variants[0]!['compressedZstdMethod'] = 'estimated';
    expect(resultsSchema.safeParse(bad).success).toBe(false);
  });
});
