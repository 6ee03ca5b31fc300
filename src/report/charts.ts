// Chart geometry for report.html, computed here so the template only draws SVG shapes: stacked size
// bars, build time bars and the Pareto scatter (size × cold build time). Numbers are SVG user units.
import prettyBytes from 'pretty-bytes';
import { coldText, secondsText } from '../rank/index.js';
import type { VariantResult } from '../results.js';
import { breakdown, type Category } from './layer-categories.js';
import { placeLabels, type PlacedLabel } from './label-placement.js';

export interface Rect { x: number; y: number; width: number; height: number; cls: string; title: string }
export interface BarRow { label: string; labelY: number; value: string; valueX: number; rects: Rect[] }
export interface BarChart { width: number; height: number; labelWidth: number; rows: BarRow[] }

export interface Tick { pos: number; label: string }
export interface Point {
  x: number; y: number; cls: string; title: string;
  /** The variant's name, or its number in `legend` when the names could not all be placed. */
  label: string; labelX: number; labelY: number;
  leader: PlacedLabel['leader'];
}
export interface Scatter {
  width: number; height: number;
  plot: { left: number; top: number; right: number; bottom: number };
  xTicks: Tick[]; yTicks: Tick[];
  points: Point[];
  /** SVG points of the line through the front, by build time. */
  front: string;
  /** Number → name, when the points carry numbers (too many names close together); empty otherwise. */
  legend: { number: string; name: string }[];
}

const WIDTH = 760;
const LABEL_WIDTH = 170;
const VALUE_WIDTH = 90;
const ROW = 26;
const BAR = 16;
const STACK_ORDER: Category[] = ['base', 'dependencies', 'app', 'waste', 'other'];

/** One stacked bar per variant that has a size. */
export function sizeBars(variants: readonly VariantResult[]): BarChart {
  const sized = variants.filter((v) => v.sizeBytes !== null);
  const max = Math.max(1, ...sized.map((v) => v.sizeBytes ?? 0));
  const scale = (WIDTH - LABEL_WIDTH - VALUE_WIDTH) / max;
  const rows = sized.map((v, i) => {
    const parts = breakdown(v);
    let x = LABEL_WIDTH;
    const rects: Rect[] = [];
    for (const cat of STACK_ORDER) {
      const bytes = parts[cat];
      if (bytes <= 0) continue;
      const width = round(bytes * scale);
      rects.push({ x: round(x), y: i * ROW + 5, width: Math.max(width, 0.5), height: BAR, cls: `seg-${cat}`, title: `${v.name} · ${cat}: ${prettyBytes(bytes)}` });
      x += width;
    }
    // No layer records: one plain bar, so the size still shows.
    if (rects.length === 0) rects.push({ x: LABEL_WIDTH, y: i * ROW + 5, width: round((v.sizeBytes ?? 0) * scale), height: BAR, cls: 'seg-other', title: `${v.name}: ${prettyBytes(v.sizeBytes ?? 0)}` });
    return { label: v.name, labelY: i * ROW + 18, value: prettyBytes(v.sizeBytes ?? 0), valueX: round(x + 6), rects };
  });
  return { width: WIDTH, height: Math.max(ROW, rows.length * ROW + 4), labelWidth: LABEL_WIDTH, rows };
}

/** Cold build time per variant (and the edit-rebuild time, when measured, as a thinner bar), each with its ±. */
export function buildBars(variants: readonly VariantResult[]): BarChart {
  const built = variants.filter((v) => v.build !== null && v.outcome !== 'skipped' && v.build.coldSeconds > 0);
  const max = Math.max(0.1, ...built.map((v) => Math.max(v.build!.coldSeconds, v.build!.warmSeconds ?? 0)));
  const values = built.map((v) => `${coldText(v)}${v.build!.warmSeconds === null ? '' : ` / ${warmText(v)}`}`);
  // "12.3 ± 0.4 s / 2.1 ± 0.2 s" needs more room than a bare time: about 6.5 px a character at the chart's font size.
  const valueWidth = Math.max(VALUE_WIDTH, ...values.map((t) => Math.ceil(t.length * 6.5)));
  const scale = (WIDTH - LABEL_WIDTH - valueWidth) / max;
  const rows = built.map((v, i) => {
    const { coldSeconds, warmSeconds } = v.build!;
    const rects: Rect[] = [{ x: LABEL_WIDTH, y: i * ROW + 4, width: Math.max(0.5, round(coldSeconds * scale)), height: 11, cls: 'bar-cold', title: `${v.name} · cold build: ${coldText(v)}` }];
    if (warmSeconds !== null) rects.push({ x: LABEL_WIDTH, y: i * ROW + 16, width: Math.max(0.5, round(warmSeconds * scale)), height: 6, cls: 'bar-warm', title: `${v.name} · edit-rebuild: ${warmText(v)}${samplesText(v)}` });
    return { label: v.name, labelY: i * ROW + 15, value: values[i]!, valueX: round(LABEL_WIDTH + Math.max(coldSeconds, warmSeconds ?? 0) * scale + 6), rects };
  });
  return { width: WIDTH, height: Math.max(ROW, rows.length * ROW + 4), labelWidth: LABEL_WIDTH, rows };
}

/** The edit-rebuild time as shown: "2.1 ± 0.2 s" (the median of its samples). */
export function warmText(v: VariantResult): string {
  return v.build?.warmSeconds == null ? '—' : secondsText(v.build.warmSeconds, v.build.warmSpreadSeconds);
}

/** " (median of 3 runs)" when the edit-rebuild was measured more than once. */
export function samplesText(v: VariantResult): string {
  const n = v.build?.warmSamples?.length ?? 0;
  return n > 1 ? ` (median of ${n} runs)` : '';
}

/** Size (y) against cold build seconds (x) for the ok variants; the Pareto front is marked and joined. */
export function paretoScatter(variants: readonly VariantResult[]): Scatter {
  const plot = { left: 80, top: 16, right: WIDTH - 30, bottom: 300 };
  const pts = variants.filter((v) => v.outcome === 'ok' && v.sizeBytes !== null && v.build !== null);
  const xs = niceScale(pts.map((v) => v.build!.coldSeconds));
  const ys = niceScale(pts.map((v) => v.sizeBytes!));
  const px = (s: number) => round(plot.left + ((s - xs.min) / (xs.max - xs.min)) * (plot.right - plot.left));
  const py = (b: number) => round(plot.bottom - ((b - ys.min) / (ys.max - ys.min)) * (plot.bottom - plot.top));
  const drawn = pts.map((v) => ({ v, x: px(v.build!.coldSeconds), y: py(v.sizeBytes!) }));
  const labels = labelsFor(drawn.map((d) => ({ x: d.x, y: d.y, text: d.v.name, rank: d.v.rank })), { left: plot.left + 2, top: 0, right: WIDTH - 2, bottom: plot.bottom - 2 });
  const points = drawn.map(({ v, x, y }, i): Point => {
    const cls = `${v.pareto ? 'pt-front' : 'pt'}${v.rank === 1 ? ' pt-best' : ''}`;
    const l = labels.placed[i]!;
    return { x, y, cls, label: l.text, labelX: l.x, labelY: l.y, leader: l.leader, title: `${v.name}: ${prettyBytes(v.sizeBytes!)}, ${coldText(v)} cold build${v.pareto ? ' (Pareto front)' : ''}` };
  });
  const front = pts.filter((v) => v.pareto).sort((a, b) => a.build!.coldSeconds - b.build!.coldSeconds)
    .map((v) => `${px(v.build!.coldSeconds)},${py(v.sizeBytes!)}`).join(' ');
  return {
    width: WIDTH, height: plot.bottom + 44, plot, points, front, legend: labels.legend,
    xTicks: xs.ticks.map((t) => ({ pos: px(t), label: `${trimNumber(t)} s` })),
    yTicks: ys.ticks.map((t) => ({ pos: py(t), label: prettyBytes(t) })),
  };
}

/**
 * Names beside the points, placed best-ranked first; if they cannot all be placed without overlapping, numbers in
 * rank order with a legend. Numbers that still find no place (a pile of identical points) sit on their point.
 */
function labelsFor(anchors: { x: number; y: number; text: string; rank: number | null }[], bounds: Parameters<typeof placeLabels>[1]) {
  const order = anchors.map((a, i) => ({ a, i })).sort((p, q) => (p.a.rank ?? Infinity) - (q.a.rank ?? Infinity) || p.i - q.i);
  const byPriority = <T>(placed: T[]) => { const out: T[] = []; order.forEach(({ i }, k) => { out[i] = placed[k]!; }); return out; };
  const named = placeLabels(order.map(({ a }) => a), bounds);
  if (named) return { placed: byPriority(named), legend: [] };
  const numbered = order.map(({ a }, k) => ({ ...a, text: String(k + 1) }));
  const placed = placeLabels(numbered, bounds, 7.4)
    ?? numbered.map((a): PlacedLabel => ({ text: a.text, x: a.x + 8, y: a.y - 6, box: { left: a.x + 8, top: a.y - 18, right: a.x + 24, bottom: a.y - 2 }, leader: null }));
  return { placed: byPriority(placed), legend: order.map(({ a }, k) => ({ number: String(k + 1), name: a.text })) };
}

/** An axis from 0 (or just below the data) to a round number above it, with 4–6 round ticks. */
export function niceScale(values: readonly number[]): { min: number; max: number; ticks: number[] } {
  const hi = Math.max(0, ...values.filter(Number.isFinite));
  if (hi <= 0) return { min: 0, max: 1, ticks: [0, 0.5, 1] };
  const raw = hi / 5;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag;
  const max = Math.ceil(hi / step) * step;
  const ticks: number[] = [];
  for (let t = 0; t <= max + step / 2; t += step) ticks.push(Number(t.toPrecision(12)));
  return { min: 0, max, ticks };
}

function trimNumber(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(1);
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}
