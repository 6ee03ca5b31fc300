// report.html's layout in chromium, on recorded runs: at a PR comment's width (760 px) the ranked table does not
// scroll sideways, and no two Pareto labels overlap — also with several variants at (nearly) the same point.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderReport, type RenderInput } from '../../src/report/render.js';
import { withRanking, rankVariants } from '../../src/rank/index.js';
import { openFile, type OpenedPage } from '../helpers/browser.js';
import { recordedRun, recordedRunNames } from '../helpers/recorded-run.js';
import { fixtureRun } from '../unit/report/fixture.js';

const artifacts = resolve(import.meta.dirname, '../../test-artifacts');

/** The load run with eight more variants, long-named, crowded within a second and a megabyte of `all`. */
function crowded(): RenderInput {
  const base = recordedRun('load');
  const all = base.results.variants.find((v) => v.name === 'all')!;
  const extra = Array.from({ length: 8 }, (_, i) => ({
    ...all, name: `crowded-variant-with-a-long-name-${i + 1}`, rank: null, pareto: false,
    sizeBytes: all.sizeBytes! + i * 150_000, build: { ...all.build!, coldSeconds: all.build!.coldSeconds + (i % 3) * 0.2 },
  }));
  const variants = [...base.results.variants.map((v) => ({ ...v, rank: null, pareto: false })), ...extra];
  const ranking = rankVariants(variants, 'size');
  const sources = { ...base.variants, ...Object.fromEntries(extra.map((v) => [v.name, base.variants['all']!])) };
  return { results: withRanking({ ...base.results, variants }, ranking, 'size'), ranking, variants: sources };
}

const cases: [string, () => RenderInput][] = [
  ...recordedRunNames().map((name): [string, () => RenderInput] => [name, () => recordedRun(name)]),
  ['fixture', fixtureRun],
  ['crowded', crowded],
];

describe.each(cases)('report.html of the %s run', (name, input) => {
  let opened: OpenedPage;
  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dflab-layout-'));
    writeFileSync(join(dir, 'report.html'), renderReport(input()).files.get('report.html')!);
    opened = await openFile(join(dir, 'report.html'));
  });
  afterAll(async () => { await opened?.close(); });

  it.each([760, 1280])('at %i px wide: the ranked table fits its container, no two Pareto labels overlap', async (width) => {
    const { page } = opened;
    await page.setViewportSize({ width, height: 900 });
    // Each table's container: the ranked table, and "what each rule buys" when the run has it.
    const tables = await page.locator('.table-wrap').evaluateAll((els) => els.map((el) => ({ id: el.firstElementChild?.id, scroll: el.scrollWidth, client: el.clientWidth })));
    expect(tables.map((t) => t.id)).toContain('ranked');
    for (const t of tables) expect(t.scroll, t.id).toBeLessThanOrEqual(t.client);
    expect(await page.locator('html').evaluate((el) => el.scrollWidth)).toBeLessThanOrEqual(width);
    const boxes = await page.locator('#pareto-chart text.pt-label').evaluateAll((els) => els.map((e) => {
      const r = e.getBoundingClientRect();
      return { text: e.textContent, left: r.left, top: r.top, right: r.right, bottom: r.bottom };
    }));
    expect(boxes.length).toBe(await page.locator('#pareto-chart circle').count());
    const overlaps = boxes.flatMap((a, i) => boxes.slice(i + 1)
      .filter((b) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom)
      .map((b) => `${a.text} × ${b.text}`));
    expect(overlaps).toEqual([]);
    mkdirSync(artifacts, { recursive: true });
    await page.screenshot({ path: join(artifacts, `report-layout-${name}-${width}.png`), fullPage: true });
    expect(opened.consoleErrors).toEqual([]);
  });
});
