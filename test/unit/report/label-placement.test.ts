import { describe, expect, it } from 'vitest';
import { paretoScatter } from '../../../src/report/charts.js';
import { intersects, placeLabels, type Box } from '../../../src/report/label-placement.js';
import { recordedRun } from '../../helpers/recorded-run.js';

const bounds: Box = { left: 0, top: 0, right: 760, bottom: 300 };
const pairs = <T>(xs: T[]) => xs.flatMap((a, i) => xs.slice(i + 1).map((b) => [a, b] as const));

describe('placeLabels', () => {
  it('places labels of points at the same spot apart, with leader lines for those set away', () => {
    const anchors = Array.from({ length: 6 }, (_, i) => ({ x: 300 + (i % 2), y: 150, text: `variant-${i}` }));
    const placed = placeLabels(anchors, bounds)!;
    expect(placed).toHaveLength(6);
    for (const [a, b] of pairs(placed)) expect(intersects(a.box, b.box), `${a.text} × ${b.text}`).toBe(false);
    for (const p of placed) expect(p.box.left >= 0 && p.box.right <= 760 && p.box.top >= 0 && p.box.bottom <= 300).toBe(true);
    expect(placed.filter((p) => p.leader !== null).length).toBeGreaterThan(0);
  });

  it('gives up (null) when the names cannot all fit', () => {
    const anchors = Array.from({ length: 40 }, (_, i) => ({ x: 100, y: 50, text: `a-rather-long-variant-name-${i}` }));
    expect(placeLabels(anchors, { left: 0, top: 0, right: 300, bottom: 100 })).toBeNull();
  });
});

describe('paretoScatter on the recorded load run (16 variants, pairs at the same point)', () => {
  it('names every point without two labels overlapping', () => {
    const s = paretoScatter(recordedRun('load').results.variants);
    expect(s.legend).toEqual([]);
    expect(s.points.map((p) => p.label).sort()).toEqual(recordedRun('load').results.variants.map((v) => v.name).sort());
    const box = (p: (typeof s.points)[number]) => ({ left: p.labelX, top: p.labelY - 12, right: p.labelX + p.label.length * 7.4, bottom: p.labelY + 4 });
    for (const [a, b] of pairs(s.points)) expect(intersects(box(a), box(b)), `${a.label} × ${b.label}`).toBe(false);
  });
});
