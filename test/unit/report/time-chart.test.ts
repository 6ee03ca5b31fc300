import { describe, expect, it } from 'vitest';
import { renderReport } from '../../../src/report/render.js';
import { idleSentence, timeBars } from '../../../src/report/time-chart.js';
import { fixtureRun } from './fixture.js';

const timings = (build: number, smoke: number) => ({ build, export: 1, analysis: 2, push: 0, smoke, editRebuild: 3 });

describe('where the time goes (report.html)', () => {
  it('draws one stacked bar per variant with timings, phases in a fixed order, zero phases left out', () => {
    const { variants } = fixtureRun().results;
    const chart = timeBars([{ ...variants[0]!, timings: timings(30, 4) }, variants[1]!, { ...variants[2]!, timings: timings(10, 0) }]);
    expect(chart?.rows.map((r) => r.label)).toEqual([variants[0]!.name, variants[2]!.name]);
    const [long, short] = chart!.rows;
    expect(long!.rects.map((r) => r.cls)).toEqual(['time-build', 'time-export', 'time-analysis', 'time-smoke', 'time-editRebuild']);
    expect(short!.rects.map((r) => r.cls)).toEqual(['time-build', 'time-export', 'time-analysis', 'time-editRebuild']);
    expect(long!.value).toBe('40.0 s');
    // Widths are to one scale: 30 s of build is three times 10 s; the longest bar fills the plot.
    expect(long!.rects[0]!.width).toBeCloseTo(3 * short!.rects[0]!.width, 0);
    const end = long!.rects.at(-1)!;
    expect(end.x + end.width).toBeCloseTo(760 - 90, 0);
    expect(long!.rects[1]!.x).toBeCloseTo(long!.rects[0]!.x + long!.rects[0]!.width, 1);
  });

  it('shows nothing for a run that recorded no timings', () => {
    expect(timeBars(fixtureRun().results.variants)).toBeNull();
    expect(idleSentence(undefined)).toBeNull();
    expect(renderReport(fixtureRun()).files.get('report.html')).not.toContain('id="time-chart"');
  });

  it('renders the chart and the idle share in report.html', () => {
    const input = fixtureRun();
    const results = {
      ...input.results,
      variants: input.results.variants.map((v, i) => ({ ...v, timings: timings(10 + i, 1) })),
      timings: { wallSeconds: 120, totals: timings(100, 8), buildingSeconds: 78, idleShare: 0.35 },
    };
    const html = renderReport({ ...input, results }).files.get('report.html')!;
    const svg = html.slice(html.indexOf('<svg id="time-chart"'), html.indexOf('</svg>', html.indexOf('<svg id="time-chart"')));
    expect(svg.match(/<rect class="time-build"/g)).toHaveLength(results.variants.length);
    expect(html).toContain('no build was running for 35% of it');
  });

  it('says whether builds ran alone, and why, when the run recorded it', () => {
    const run = { wallSeconds: 120, totals: timings(100, 8), buildingSeconds: 78, idleShare: 0.35 };
    expect(idleSentence(run)).toBe('Run wall time 120.0 s; no build was running for 35% of it.');
    expect(idleSentence({ ...run, schedule: { buildsAlone: true, why: 'the original built in 1.8 s' } }))
      .toBe("Run wall time 120.0 s; no build was running for 35% of it. Builds ran alone, no measurement beside them (the original built in 1.8 s).");
    expect(idleSentence({ ...run, schedule: { buildsAlone: false, why: '--no-builds-alone' } })).toContain('Measurements ran beside builds (--no-builds-alone).');
  });
});
