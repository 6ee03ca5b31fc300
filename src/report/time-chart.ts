// "Where the time goes" for report.html (issue 14): one stacked bar per variant of the wall seconds it spent
// building, exporting, analysing layers, pushing for the compressed size, smoke-testing and edit-rebuilding.
// Same geometry conventions as charts.ts (SVG user units; the template only draws the shapes).
import type { RunTimings, VariantResult, VariantTimings } from '../results.js';
import type { BarChart, Rect } from './charts.js';

const WIDTH = 760;
const LABEL_WIDTH = 170;
const VALUE_WIDTH = 90;
const ROW = 26;
const BAR = 16;

export const TIME_PHASES: { key: keyof VariantTimings; label: string }[] = [
  { key: 'build', label: 'build' }, { key: 'export', label: 'image export' }, { key: 'analysis', label: 'layer analysis' },
  { key: 'push', label: 'push (compressed size)' }, { key: 'smoke', label: 'smoke test' }, { key: 'editRebuild', label: 'edit-rebuild' },
];

const total = (t: VariantTimings) => TIME_PHASES.reduce((s, p) => s + t[p.key], 0);

/** One bar per variant with recorded timings; null when none has them (runs before they were recorded). */
export function timeBars(variants: readonly VariantResult[]): BarChart | null {
  const timed = variants.filter((v): v is VariantResult & { timings: VariantTimings } => v.timings !== undefined && total(v.timings) > 0);
  if (timed.length === 0) return null;
  const scale = (WIDTH - LABEL_WIDTH - VALUE_WIDTH) / Math.max(0.1, ...timed.map((v) => total(v.timings)));
  const rows = timed.map((v, i) => {
    let x = LABEL_WIDTH;
    const rects: Rect[] = [];
    for (const { key, label } of TIME_PHASES) {
      const seconds = v.timings[key];
      if (seconds <= 0) continue;
      const width = Math.round(seconds * scale * 10) / 10;
      rects.push({ x: Math.round(x * 10) / 10, y: i * ROW + 5, width: Math.max(width, 0.5), height: BAR, cls: `time-${key}`, title: `${v.name} · ${label}: ${seconds.toFixed(1)} s` });
      x += width;
    }
    return { label: v.name, labelY: i * ROW + 18, value: `${total(v.timings).toFixed(1)} s`, valueX: Math.round((x + 6) * 10) / 10, rects };
  });
  return { width: WIDTH, height: rows.length * ROW + 4, labelWidth: LABEL_WIDTH, rows };
}

/** "Run wall time 80.1 s; no build was running for 35% of it." and, when recorded, whether builds ran alone and why
 *  (the cold and edit-rebuild times read high when measurements ran beside short builds). */
export function idleSentence(run: RunTimings | undefined): string | null {
  if (!run) return null;
  const idle = `Run wall time ${run.wallSeconds.toFixed(1)} s; no build was running for ${Math.round(run.idleShare * 100)}% of it.`;
  if (!run.schedule) return idle;
  return `${idle} ${run.schedule.buildsAlone ? 'Builds ran alone, no measurement beside them' : 'Measurements ran beside builds'} (${run.schedule.why}).`;
}
