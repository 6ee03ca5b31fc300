// Everything report.html shows, computed here; the template lays it out and escapes every value.
import type { Results, VariantResult } from '../results.js';
import { buildBars, paretoScatter, sizeBars, type BarChart, type Scatter } from './charts.js';
import { OUTCOME_WORDS } from './explain.js';
import { highlightPatch, type DiffLine } from './highlight.js';
import { CATEGORIES } from './layer-categories.js';
import { idleSentence, TIME_PHASES, timeBars } from './time-chart.js';
import type { ReportView } from './view.js';

export interface HtmlVariant {
  name: string;
  anchor: string;
  summary: string;
  outcome: string;
  rules: string;
  notes: string[];
  error: string | null;
  diff: DiffLine[];
  steps: { name: string; seconds: string; cached: boolean }[];
  stepsTotal: string;
}

export interface HtmlView extends ReportView {
  sizeChart: BarChart;
  buildChart: BarChart;
  pareto: Scatter;
  /** Wall seconds per phase and variant; null for runs that did not record them. */
  timeChart: BarChart | null;
  timeLegend: { cls: string; label: string }[];
  idle: string | null;
  legend: { cls: string; label: string }[];
  variants: HtmlVariant[];
  /** results.json for the page's script: data only, embedded as inline JSON. */
  data: Results;
}

const LEGEND: Record<(typeof CATEGORIES)[number], string> = {
  base: 'base image', dependencies: 'dependencies', app: 'app', waste: 'waste (overwritten or deleted later)', other: 'not attributed',
};

export function buildHtmlView(md: ReportView, results: Results, diffs: Record<string, string>, notes: Record<string, readonly string[]>): HtmlView {
  const ordered = [...results.variants.filter((v) => v.rank !== null).sort((a, b) => (a.rank ?? 0) - (b.rank ?? 0)), ...results.variants.filter((v) => v.rank === null)];
  return {
    ...md,
    sizeChart: sizeBars(ordered),
    buildChart: buildBars(ordered),
    pareto: paretoScatter(ordered),
    timeChart: timeBars(ordered),
    timeLegend: TIME_PHASES.map((p) => ({ cls: `time-${p.key}`, label: p.label })),
    idle: idleSentence(results.timings),
    legend: CATEGORIES.map((c) => ({ cls: `seg-${c}`, label: LEGEND[c] })),
    variants: ordered.map((v) => htmlVariant(v, diffs[v.name] ?? '', notes[v.name] ?? [], md)),
    data: results,
  };
}

function htmlVariant(v: VariantResult, diff: string, notes: readonly string[], md: ReportView): HtmlVariant {
  const steps = v.build?.steps ?? [];
  return {
    name: v.name,
    anchor: `v-${v.name}`,
    summary: md.details.find((d) => d.name === v.name)?.summary ?? v.outcome,
    outcome: OUTCOME_WORDS[v.outcome],
    rules: v.rules.length ? v.rules.join(', ') : 'none: the Dockerfile as it is',
    notes: [...notes],
    error: v.error,
    diff: diff ? highlightPatch(diff) : [],
    steps: steps.map((s) => ({ name: s.name, seconds: s.seconds.toFixed(2), cached: s.cached })),
    stepsTotal: steps.reduce((n, s) => n + s.seconds, 0).toFixed(2),
  };
}
