// The sticky PR comment: rendered from a results.json and patches recorded from a real `dflab run` on
// experiments/hello-py (test/fixtures/action/hello-py), and from a synthetic run too large for one comment.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fitComment, type CommentParts } from '../../../src/report/pr-comment-fit.js';
import { commentMarker, GITHUB_COMMENT_LIMIT, headlineOf, renderFailedRunComment, renderPrComment, type PrCommentInput } from '../../../src/report/pr-comment.js';
import type { Results, VariantResult } from '../../../src/results.js';
import { parseResults } from '../../../src/run/results-file.js';
import { root } from '../../helpers/cli.js';
import { splitFences } from './markdown-structure.js';

const recorded = join(root, 'test/fixtures/action/hello-py');
const artifact = { name: 'dflab-report', url: 'https://github.com/acme/app/actions/runs/7' };

function recordedInput(): PrCommentInput {
  const file = join(recorded, 'results.json');
  const results = parseResults(readFileSync(file, 'utf8'), file);
  const patches = Object.fromEntries(readdirSync(join(recorded, 'patches'))
    .map((f) => [f.replace(/\.patch$/, ''), readFileSync(join(recorded, 'patches', f), 'utf8')]));
  return { results, patches, artifact, commit: '0123456789abcdef0123' };
}

/** Every fence closes (splitFences throws otherwise) and every <details> has its </details>, in order. */
function expectBalanced(md: string): void {
  const { outside } = splitFences(md);
  let depth = 0;
  for (const tag of outside.matchAll(/<(\/?)details\b/g)) {
    depth += tag[1] ? -1 : 1;
    expect(depth).toBeGreaterThanOrEqual(0);
  }
  expect(depth).toBe(0);
}

describe('the PR comment of a recorded hello-py run', () => {
  const input = recordedInput();
  const md = renderPrComment(input);
  const variant = (name: string) => input.results.variants.find((v) => v.name === name)!;

  it('starts with the hidden marker, then leads with the recommendation and its saving', () => {
    expect(md.split('\n')[0]).toBe('<!-- dflab:sticky -->');
    const lead = md.split('\n').slice(1, 6).join('\n');
    const [orig, slim] = [variant('original'), variant('base-slim')];
    const savedMB = Math.round((orig.sizeBytes! - slim.sizeBytes!) / 1e6);
    expect(lead).toMatch(new RegExp(`### dflab on hello-py: \`base-slim\` saves ${savedMB} MB \\(−\\d+%\\)`));
    expect(lead).toContain('**Recommended: `base-slim`**');
    expect(lead).toContain(input.results.recommendedReason!);
  });

  it('has one row per variant with sizes and Δ against the original, waste, both build times and the smoke verdict', () => {
    const rows = md.split('\n').filter((l) => /^\| (⭐|\d+|) \| `/.test(l));
    expect(rows).toHaveLength(input.results.variants.length);
    const slim = rows.find((r) => r.includes('`base-slim`'))!;
    expect(slim).toMatch(/^\| ⭐ \| `base-slim` \| \d+ MB \(−\d+ MB\) \| \d+ MB \(−\d+ MB\) \| [\d.]+ MB \| [\d.]+ s \| [\d.]+ s \| ✅ \|$/);
    expect(rows.find((r) => r.includes('`original`'))).toMatch(/^\| 2 \| `original` \| \d+ MB \| \d+ MB \| [\d.]+ MB \| [\d.]+ s \| [\d.]+ s \| ✅ \|$/);
    expect(rows.find((r) => r.includes('`base-alpine`'))).toBe('|  | `base-alpine` (base-unavailable) | — | — | — | — | — | — |');
  });

  it('puts each patch whole in a <details> block (the recommended one open) and points at the artifact', () => {
    expect(md).toContain('<details open><summary>Patch: <code>base-slim</code> (base-slim, −');
    expect(md).toContain('<details><summary>Patch: <code>base-alpine</code> (base-alpine, base-unavailable)</summary>');
    const diffs = splitFences(md).blocks.filter((b) => b.info === 'diff').map((b) => b.content);
    expect(diffs).toEqual([input.patches['base-slim'], input.patches['base-alpine']]);
    expect(md).toContain(`[the \`dflab-report\` artifact](${artifact.url})`);
    expect(md).toContain('on `0123456789ab`');
    expectBalanced(md);
  });

  it('renders the same Markdown for the step summary without the marker', () => {
    const summary = renderPrComment({ ...input, target: 'summary' });
    expect(summary).not.toContain('<!--');
    expect(summary.startsWith('### dflab on hello-py')).toBe(true);
    expect(summary).not.toContain('updated in place');
  });

  it('shows the check gate under the lead', () => {
    const failed = renderPrComment({ ...input, gate: { variant: 'original', passed: false, violations: ['size 828 MB is over --max-size 500 MB'] } });
    expect(failed).toContain('**dflab check** on `original`: ❌ failed\n- size 828 MB is over --max-size 500 MB');
    expect(renderPrComment({ ...input, gate: { variant: 'original', passed: true, violations: [] } })).toContain('✅ every threshold holds');
  });

  it('outputs the recommendation, its size and the percent it saves', () => {
    const [orig, slim] = [variant('original'), variant('base-slim')];
    expect(headlineOf(input.results)).toEqual({
      recommended: 'base-slim', sizeBytes: slim.sizeBytes,
      savingPercent: Number((100 * (1 - slim.sizeBytes! / orig.sizeBytes!)).toFixed(1)),
    });
  });
});

describe('without a recommendation', () => {
  const input = recordedInput();
  const results: Results = { ...input.results, recommended: null, recommendedReason: 'original already has the smallest image (828 MB); no variant beats it.' };

  it('says no variant beats the original, why, and outputs the original\'s size', () => {
    const md = renderPrComment({ ...input, results });
    expect(md).toContain('### dflab on hello-py: no variant beats the original\n\nNo recommendation. original already has the smallest image');
    expect(md).not.toContain('⭐');
    const original = results.variants.find((v) => v.name === 'original')!;
    expect(headlineOf(results)).toEqual({ recommended: null, sizeBytes: original.sizeBytes, savingPercent: null });
  });

  it('a run that wrote no results still gets a comment with the marker and the exit code', () => {
    const md = renderFailedRunComment({ exitCode: 3, artifact, key: 'api' });
    expect(md.split('\n')[0]).toBe('<!-- dflab:sticky:api -->');
    expect(md).toContain('exit code 3');
  });
});

describe('comment markers', () => {
  it('are one per key, and no key can end the HTML comment early', () => {
    expect(commentMarker()).toBe('<!-- dflab:sticky -->');
    expect(commentMarker('services/api')).toBe('<!-- dflab:sticky:services/api -->');
    const hostile = commentMarker('a --> <b>x</b> --');
    expect(hostile.indexOf('-->')).toBe(hostile.length - 3);
    expect(hostile).not.toMatch(/[<>].*[<>].*-->/);
  });
});

/** 15 variants whose patches are ~12,000 characters each: far over one comment together. */
function bigRun(): PrCommentInput {
  const names = ['original', ...Array.from({ length: 14 }, (_, i) => `variant-${String(i + 1).padStart(2, '0')}`)];
  const variants: VariantResult[] = names.map((name, i) => ({
    name, rules: name === 'original' ? [] : ['base-slim', 'pip-no-cache'], outcome: 'ok', dockerfile: `variants/${name}/Dockerfile`,
    patch: name === 'original' ? null : `patches/${name}.patch`, sizeBytes: 2_000_000_000 - i * 100_000_000, compressedBytes: 800_000_000 - i * 40_000_000,
    wastedBytes: 5_000_000, efficiency: 0.99, layers: [], build: { coldSeconds: 100 - i, warmSeconds: 10, steps: [] },
    smoke: { passed: i % 5 !== 4, seconds: 1, startupSeconds: null, outputTail: '' }, rank: names.length - i, pareto: false, error: null,
  }));
  const longDiff = (name: string) => [
    `diff --git a/Dockerfile b/Dockerfile`, '--- a/Dockerfile', '+++ b/Dockerfile', '@@ -1,300 +1,300 @@',
    // A heredoc line of backticks: the fence must be longer than it.
    '+RUN <<EOF', '+````', '+EOF',
    ...Array.from({ length: 300 }, (_, i) => `-RUN pip install package-${name}-${i} && echo "a line long enough to matter ${i}"`),
  ].join('\n') + '\n';
  const results: Results = {
    schemaVersion: 1, runId: 'r1', project: 'big', startedAt: '2026-01-01T00:00:00Z', finishedAt: '2026-01-01T01:00:00Z',
    engine: { docker: '26', buildx: '0.13', builder: 'default' }, variants, recommended: names.at(-1)!,
  };
  return { results, patches: Object.fromEntries(names.slice(1).map((n) => [n, longDiff(n)])), artifact };
}

describe('a run too large for one comment (15 variants, long diffs)', () => {
  const input = bigRun();
  const md = renderPrComment(input);

  it('fits GitHub\'s 65,536-character limit, with every fence and <details> closed', () => {
    const whole = Object.values(input.patches).reduce((n, p) => n + p.length, 0);
    expect(whole).toBeGreaterThan(GITHUB_COMMENT_LIMIT * 2);
    expect(md.length).toBeLessThanOrEqual(GITHUB_COMMENT_LIMIT);
    expect(md.length).toBeGreaterThan(GITHUB_COMMENT_LIMIT - 2_000); // cut to fit, not cut to nothing
    expectBalanced(md);
  });

  it('keeps every row and cuts the patches at whole lines, each with a pointer to the artifact', () => {
    expect(md.match(/^\| (⭐|\d+) \| `/gm)).toHaveLength(15);
    const diffs = splitFences(md).blocks.filter((b) => b.info === 'diff');
    expect(diffs).toHaveLength(14);
    for (const [i, name] of Object.keys(input.patches).reverse().entries()) {
      expect(input.patches[name]!.startsWith(diffs[i]!.content)).toBe(true);
      expect(diffs[i]!.content.length).toBeLessThan(input.patches[name]!.length);
      expect(diffs[i]!.content).toContain('+````\n');
    }
    expect(md.match(/_Patch cut to its first \d+ of 307 lines to fit GitHub's comment limit: the whole one is `patches\/variant-\d\d\.patch` in \[the `dflab-report` artifact\]/g)).toHaveLength(14);
  });

  it('drops the patches, then the last rows, when even the rows alone do not fit', () => {
    const many = bigRun();
    const extra = Array.from({ length: 800 }, (_, i) => ({ ...many.results.variants[1]!, name: `v${i}-${'x'.repeat(60)}`, rank: 100 + i }));
    const results = { ...many.results, variants: [...many.results.variants, ...extra] };
    const out = renderPrComment({ ...many, results });
    expect(out.length).toBeLessThanOrEqual(GITHUB_COMMENT_LIMIT);
    expect(out).not.toContain('<details');
    expect(out).toContain('_The patches are left out to fit GitHub\'s comment limit');
    expect(out).toMatch(/_\d+ more variants left out to fit GitHub's comment limit: see \[the `dflab-report` artifact\]/);
    expect(out).toContain('| ⭐ | `variant-14`');
    expectBalanced(out);
  });

  it('as a last resort cuts between lines, outside any block, and says so', () => {
    const parts: CommentParts = {
      head: Array.from({ length: 50 }, (_, i) => `line ${i} of a head that alone is too long`).join('\n'),
      tableHead: '| a |\n|---|', rows: [], patches: [], foot: 'foot', artifact: 'the artifact',
    };
    const out = fitComment(parts, 500);
    expect(out.length).toBeLessThanOrEqual(500);
    expect(out).toMatch(/^line 0 of a head/);
    expect(out.endsWith('**Comment cut here to fit GitHub\'s limit:** see the artifact.\n')).toBe(true);
  });
});
