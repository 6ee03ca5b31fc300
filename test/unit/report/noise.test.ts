// Times carry their ± the same way in report.md, report.html and the terminal table, and a rule whose time effect is
// inside the noise is reported as no measurable change.
import { describe, expect, it } from 'vitest';
import { rankingTable } from '../../../src/cli/ranking-table.js';
import { rankVariants, withRanking } from '../../../src/rank/index.js';
import { explainRules } from '../../../src/report/explain.js';
import { explainView, savingText } from '../../../src/report/explain-view.js';
import { renderReport } from '../../../src/report/render.js';
import { savingOf } from '../../../src/report/savings.js';
import type { VariantResult } from '../../../src/results.js';
import { fixtureRun } from './fixture.js';

/** The fixture's run with spreads measured: cold ± from the step history, three edit-rebuilds each. */
function noisyRun() {
  const run = fixtureRun();
  const spreads: Record<string, number> = { original: 0.31, 'base-slim': 0.26, 'pip-no-cache': 0.44, 'slim-nocache': 0.2, all: 0.3 };
  const variants = run.results.variants.map((v): VariantResult => (v.build && v.sizeBytes !== null ? {
    ...v,
    build: {
      ...v.build, coldSpreadSeconds: spreads[v.name] ?? null,
      warmSamples: [v.build.warmSeconds! - 0.2, v.build.warmSeconds!, v.build.warmSeconds! + 0.15], warmSpreadSeconds: 0.18,
    },
  } : v));
  const ranking = rankVariants(variants, 'size');
  return { ...run, results: withRanking(run.results, ranking, 'size'), ranking };
}

describe('± beside times', () => {
  const run = noisyRun();
  const { files } = renderReport(run);
  const md = files.get('report.md')!;
  const html = files.get('report.html')!;
  const table = rankingTable(run.results, 160);

  it('shows the cold time with its ± at one rounding in report.md, report.html and the terminal table', () => {
    for (const text of [md, html, table]) expect(text).toContain('41.7 ± 0.3 s'); // base-slim: 41.7 s ± 0.26
    expect(md).toMatch(/\| 48\.2 ± 0\.3 s \|/);
    expect(html).toContain('<td class="num">48.2 ± 0.3 s</td>');
    expect(table).toMatch(/^\d+ +original .* 48\.2 ± 0\.3 s/m);
  });

  it('shows no ± where the spread is unknown (a step recorded once) and a failed build\'s time without one', () => {
    const layer = run.results.variants.find((v) => v.name === 'layer-order')!;
    expect(layer.build!.coldSpreadSeconds).toBeNull();
    expect(md).toMatch(/\| layer-order \|.*\| 49\.0 s \|/);
    expect(table).toMatch(/^— +layer-order .* 49\.0 s /m);
  });

  it('gives the edit-rebuild as the median of its runs with their ±, in both reports', () => {
    expect(md).toContain('cold build 48.2 ± 0.3 s, edit-rebuild 8.0 ± 0.2 s (median of 3 runs)');
    expect(html).toContain('48.2 ± 0.3 s / 8.0 ± 0.2 s');
    expect(html).toContain('edit-rebuild: 8.0 ± 0.2 s (median of 3 runs)');
  });
});

describe('what each rule buys, inside the noise', () => {
  const run = noisyRun();
  const byName = (name: string) => run.results.variants.find((v) => v.name === name)!;

  it('says "no measurable change in build time" for a time effect inside the combined ±, and the ± of one outside it', () => {
    // pip-no-cache: 47.9 ± 0.44 vs original 48.2 ± 0.31, 0.3 s apart: inside 0.75.
    const pip = savingOf(byName('pip-no-cache'), byName('original'))!;
    expect(pip).toMatchObject({ coldInsideNoise: true, coldSpreadSeconds: expect.closeTo(0.75, 10) });
    expect(savingText(pip)).toContain('no measurable change in build time');
    expect(savingText(pip)).not.toMatch(/-0\.3 s/);
    // base-slim: 6.5 s faster, far outside 0.57.
    const slim = savingOf(byName('base-slim'), byName('original'))!;
    expect(slim.coldInsideNoise).toBe(false);
    expect(savingText(slim)).toContain('cold build -6.5 ± 0.6 s (-13%)');
  });

  it('judges by the floor, max(0.5 s, 5%), when a side has no spread', () => {
    const original = byName('original');
    const at = (seconds: number): VariantResult => ({ ...original, name: 'x', build: { ...original.build!, coldSeconds: seconds, coldSpreadSeconds: null } });
    // 5% of 48.2 s is 2.41 s.
    expect(savingOf(at(46.0), original)!.coldInsideNoise).toBe(true);
    expect(savingOf(at(45.7), original)!.coldInsideNoise).toBe(false);
    const short = { ...original, build: { ...original.build!, coldSeconds: 3, coldSpreadSeconds: null } };
    expect(savingOf({ ...short, name: 'y', build: { ...short.build, coldSeconds: 2.6 } }, short)!.coldInsideNoise).toBe(true);
    expect(savingOf({ ...short, name: 'y', build: { ...short.build, coldSeconds: 2.4 } }, short)!.coldInsideNoise).toBe(false);
  });

  it('fills the rule table\'s cold column with it, in report.md too', () => {
    const view = explainView(explainRules({ variants: run.results.variants, notes: {}, skipped: [] }));
    expect(view.rows.find((r) => r.rule === 'pip-no-cache')!.cold).toBe('no measurable change');
    expect(view.rows.find((r) => r.rule === 'base-slim')!.cold).toBe('-6.5 ± 0.6 s (-13%)');
    expect(renderReport(run).files.get('report.md')).toMatch(/\| pip-no-cache \| pip-no-cache \| ok \|.*\| no measurable change \|/);
  });
});
