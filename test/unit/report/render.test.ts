import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { expectGolden } from '../golden.js';
import { rankVariants, withRanking } from '../../../src/rank/index.js';
import { renderReport } from '../../../src/report/render.js';
import { jsonForScript } from '../../../src/report/escape.js';
import { fixtureRun } from './fixture.js';

const golden = (name: string) => fileURLToPath(new URL(`./golden/${name}`, import.meta.url));

describe('renderReport on a whole run', () => {
  it('matches the golden report.md (rank, reasons, explanations, diffs)', () => {
    expectGolden(golden('run-report.md'), renderReport(fixtureRun()).files.get('report.md')!);
  });

  it('writes a patch per variant but the original, and recommended.patch', () => {
    const run = fixtureRun();
    const { files } = renderReport(run);
    const { results } = run;
    const patches = [...files.keys()].filter((f) => f.startsWith('patches/')).sort();
    expect(patches).toEqual([
      'patches/all.patch', 'patches/apt-hygiene.patch', 'patches/base-alpine.patch', 'patches/base-slim.patch',
      'patches/layer-order.patch', 'patches/pip-no-cache.patch', 'patches/recommended.patch', 'patches/slim-nocache.patch',
    ]);
    expect(results.recommended).toBe('all');
    expect(files.get('patches/recommended.patch')).toBe(files.get('patches/all.patch'));
    // Context-file edits from the variant's record come after the Dockerfile.
    expect(files.get('patches/all.patch')).toMatch(/diff --git a\/Dockerfile b\/Dockerfile[\s\S]*diff --git a\/\.dockerignore b\/\.dockerignore\nnew file mode 100644/);
  });

  it('shows the ranking it is given (the objective it names, the recommendation and why) without ranking again', () => {
    const run = fixtureRun();
    const ranking = rankVariants(run.results.variants, 'build');
    const md = renderReport({ ...run, results: withRanking(run.results, ranking, 'build'), ranking }).files.get('report.md')!;
    expect(md).toContain('Ranked by build.');
    expect(md).toContain(ranking.reason);
    // Given the size ranking's reason with the build ranking's order, it shows what it was given.
    const mixed = renderReport({ ...run, results: withRanking(run.results, ranking, 'build'), ranking: { ...ranking, reason: 'the reason given' } });
    expect(mixed.files.get('report.md')).toContain('the reason given');
  });

  it('keeps a patch it cannot rebuild (no variant.json) as it was', () => {
    const run = fixtureRun();
    run.variants['base-slim'] = { dockerfile: null, record: null, existingPatch: 'the old patch\n' };
    expect(renderReport(run).files.get('patches/base-slim.patch')).toBe('the old patch\n');
  });
});

describe('report.html', () => {
  const html = renderReport(fixtureRun()).files.get('report.html')!;

  it('has one table row per variant and drawn charts', () => {
    expect(html.match(/<tr class="variant-row /g)).toHaveLength(8);
    const svg = (id: string) => html.slice(html.indexOf(`<svg id="${id}"`), html.indexOf('</svg>', html.indexOf(`<svg id="${id}"`)));
    expect(svg('size-chart').match(/<rect class="seg-(base|dependencies|app|waste)"/g)?.length).toBeGreaterThan(10);
    expect(svg('size-chart')).toContain('class="seg-waste"');
    expect(svg('build-chart').match(/<rect class="bar-cold"/g)).toHaveLength(7); // base-alpine never built; apt-hygiene failed after 12 s
    expect(svg('pareto-chart').match(/<circle /g)).toHaveLength(5); // the ok variants
    expect(svg('pareto-chart')).toMatch(/<polyline class="front" points="[\d., ]+"/);
  });

  it('is self-contained: no external resource, a CSP that forbids fetching', () => {
    expect(html).not.toMatch(/<link\b|\ssrc=|url\(|@import|https?:\/\//);
    expect(html).toContain(`content="default-src 'none'`);
  });

  it('colours the diffs and lists the build steps', () => {
    expect(html).toContain('<span class="line add"><span class="mark">+</span><span class="kw">FROM</span> python:3.13-slim</span>');
    expect(html).toMatch(/<table class="steps">[\s\S]*?<code>\[2\/5\] RUN apt-get update &amp;&amp; apt-get install -y build-essential<\/code><\/td><td class="num">21.30<\/td>/);
  });

  it('explains each rule with what it buys and costs', () => {
    expect(html).toContain('<h2>What each rule buys</h2>');
    expect(html).toMatch(/<b>base-alpine<\/b><\/td><td class="col-variant">base-alpine<\/td><td>base image unavailable<\/td>/);
    expect(html).toContain('<li>base image unavailable: base image python:3.13-alpine is not available (no registry is reachable)</li>');
  });
});

describe('user-controlled text in both reports', () => {
  const hostile = '<script>alert(1)</script>';
  function hostileRun() {
    const run = fixtureRun();
    const slim = run.variants['base-slim']!;
    slim.dockerfile = `# ${hostile}\nLABEL note="${hostile}"\n${slim.dockerfile}`;
    slim.record!.notes.push(`note ${hostile}`);
    run.results.project = `proj ${hostile}`;
    const failed = run.results.variants.find((v) => v.outcome === 'build-failed')!;
    failed.error = `failed: ${hostile}\u2028</script><!--`;
    return run;
  }

  it('report.html shows it as text: no script element but the page\'s own two', () => {
    const html = renderReport(hostileRun()).files.get('report.html')!;
    expect(html.match(/<script\b/g)).toHaveLength(2);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    const start = html.indexOf('id="dflab-results">');
    const json = html.slice(start, html.indexOf('</script>', start));
    expect(json).not.toMatch(/<\/script|<!--|\u2028/);
    expect(json).toContain('\\u003cscript\\u003e');
  });

  it('report.md shows it as text outside code blocks', () => {
    const md = renderReport(hostileRun()).files.get('report.md')!;
    const outside = md.replace(/^(`{3,})[^\n]*\n[\s\S]*?^\1$/gm, '');
    expect(outside).not.toContain('<script');
    expect(outside).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });
});

describe('jsonForScript', () => {
  it('escapes what could end or confuse a script element, and stays the same JSON', () => {
    const value = { a: '</script><!-- & \u2028\u2029 >' };
    const text = jsonForScript(value);
    expect(text).toBe('{"a":"\\u003c/script\\u003e\\u003c!-- \\u0026 \\u2028\\u2029 \\u003e"}');
    expect(JSON.parse(text)).toEqual(value);
  });
});
