// Everything report.html shows, computed here; the template lays it out and escapes every value.
import type { Results, VariantResult } from '../results.js';
import { buildBars, paretoScatter, sizeBars, type BarChart, type Scatter } from './charts.js';
import { OUTCOME_WORDS } from './explain.js';
import { highlightPatch, type DiffLine } from './highlight.js';
import { CATEGORIES } from './layer-categories.js';
import { stepsView, type StepsView } from './steps.js';
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
  /** What the image holds differently from the original's (packages removed, directories), as report.md lists it. */
  changes: string[];
  /** The smoke test's last lines, when it failed. */
  smokeOutput: string | null;
  diff: DiffLine[];
  steps: StepsView;
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

/** `dockerfiles`: each variant's Dockerfile, to list its build steps in file order (stage names). */
export function buildHtmlView(
  md: ReportView, results: Results, diffs: Record<string, string>, notes: Record<string, readonly string[]>,
  dockerfiles: Record<string, string | null> = {},
): HtmlView {
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
    variants: ordered.map((v) => htmlVariant(v, diffs[v.name] ?? '', notes[v.name] ?? [], md, dockerfiles[v.name] ?? null)),
    data: results,
  };
}

function htmlVariant(v: VariantResult, diff: string, notes: readonly string[], md: ReportView, dockerfile: string | null): HtmlVariant {
  const detail = md.details.find((d) => d.variant === v.name);
  return {
    name: detail?.name ?? v.name,
    anchor: `v-${v.name}`,
    summary: detail?.summary ?? v.outcome,
    outcome: OUTCOME_WORDS[v.outcome],
    rules: v.rules.length ? v.rules.join(', ') : 'none: the Dockerfile as it is',
    notes: [...notes],
    error: v.error,
    changes: detail?.changes ?? [],
    smokeOutput: detail?.smokeOutput?.full ?? null,
    diff: diff ? highlightPatch(diff) : [],
    steps: stepsView(v.build?.steps ?? [], dockerfile),
  };
}
