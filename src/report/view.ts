// Everything report.md shows, computed and formatted here so the template only lays it out.
// Text stays unescaped in the view; the template escapes it for its context.
import prettyBytes from 'pretty-bytes';
import { coldText, type Unranked } from '../rank/index.js';
import { ORIGINAL, type BuildCheckRecord, type Results, type SkippedRuleRecord, type VariantResult } from '../results.js';
import { samplesText, warmText } from './charts.js';
import type { Explanation } from './explain.js';
import { explainView, type ExplainView } from './explain-view.js';
import { contents, namesOf, variantLabel } from './labels.js';
import { predictionView, type PredictionView } from './predicted.js';
import { requirementLines } from './requirements.js';

export interface MarkdownReportInput {
  results: Results;
  /** Variant name → patch text (makePatch). */
  diffs: Record<string, string>;
  notes?: Record<string, string[]>;
  skipped?: SkippedRuleRecord[];
  recommendedReason?: string;
  /** What the ranking optimised ("size", "weights size×2, build×1"). */
  objective?: string;
  /** Variants left out of the ranking, with why. */
  unranked?: Unranked[];
  explanation?: Explanation;
  /** The command that applies the recommended patch, run at the project root (report/apply-command.ts); null: none. */
  applyCommand?: string | null;
}

/** Text shown in a code fence that may be cut to fit the size budget (see budget.ts). */
export interface Block {
  full: string;
  text: string;
  lang: string;
  /** Diffs keep their beginning; logs keep their end, where the error is. */
  keep: 'head' | 'tail';
  /** Where the uncut text is, for the truncation note. */
  fullPath: string | null;
  note: string | null;
}

export interface Row {
  /** The variant's name (anchors, sorting); `name` is what is shown (with the names of its aliases). */
  variant: string;
  rank: string; name: string; rules: string; outcome: string; size: string; delta: string;
  compressed: string; cold: string; smoke: string; pareto: string;
  /** zstd at BuildKit's default level, beside gzip; "—" when not measured. */
  compressedZstd: string;
}

export interface Detail {
  /** The variant's name; `name` is its label (labels.ts). */
  variant: string;
  name: string;
  summary: string;
  rules: string;
  notes: string[];
  /** What the image holds differently from the original's: packages and the directories that changed most. */
  changes: string[];
  errorHeadline: string | null;
  errorLog: Block | null;
  smokeOutput: Block | null;
  diff: Block | null;
}

/** The report's top block: the decision, how to apply it, what it buys and what it requires. */
export interface TopBlock {
  /** "all: prune-requirements + onnx-runtime + dockerignore", "merge-runs = apt-hygiene". */
  label: string;
  apply: string | null;
  /** "1.2 GB → 402 MB (-67%)"; null when a size is missing. */
  size: string | null;
  compressed: string | null;
  /** The rules applied, joined with " + "; "base image X" for a base trial. */
  rules: string;
  requires: string[];
}

export interface ReportView {
  project: string;
  runId: string;
  when: string;
  engine: string;
  /** Which stage was built and tuned; null in runs that did not record it. */
  target: string | null;
  recommended: { name: string; reason: string; patch: string | null } | null;
  top: TopBlock | null;
  /** dflab's engine-less warnings on the project's Dockerfile, worded as BuildKit's checks. */
  dockerfileWarnings: { where: string; code: string; message: string }[];
  noRecommendationReason: string;
  hasCompressed: boolean;
  hasZstd: boolean;
  /** BuildKit's build checks: the original's findings and the variants that add some; null in runs without them. */
  buildChecks: { ran: boolean; reason: string | null; original: CheckLine[]; added: { name: string; findings: CheckLine[] }[] } | null;
  rows: Row[];
  /** Whether any variant was smoke-tested: then "ok" in the table means it passed. */
  smokeTested: boolean;
  /** Variants whose rules are not just the one they are named after, for the line under the table. */
  combined: { name: string; rules: string }[];
  /** code: null for results.json files written before codes existed. */
  skipped: { rule: string; code: string | null; reason: string }[];
  details: Detail[];
  objective: string;
  unranked: Unranked[];
  explain: ExplainView | null;
  /** Predicted against measured per variant; null in runs that predicted nothing. */
  predictions: PredictionView | null;
}

/** Build logs are tails already; this only bounds a runaway one. */
const MAX_LOG_LINES = 60;

export function buildReportView(input: MarkdownReportInput): ReportView {
  const { results } = input;
  const variants = inRankOrder(results.variants);
  const original = results.variants.find((v) => v.name === ORIGINAL) ?? null;
  const recommended = results.variants.find((v) => v.name === results.recommended) ?? null;
  return {
    project: results.project,
    runId: results.runId,
    when: whenText(results.startedAt, results.finishedAt),
    engine: `docker ${results.engine.docker}, buildx ${results.engine.buildx} (builder ${results.engine.builder})`,
    target: results.target?.description ?? null,
    recommended: recommended
      ? { name: recommended.name, reason: input.recommendedReason ?? 'It ranks first.', patch: recommended.patch }
      : null,
    top: recommended && recommended.name !== ORIGINAL ? topBlock(recommended, original, input.applyCommand ?? null) : null,
    dockerfileWarnings: (results.dockerfileWarnings ?? []).map((w) => ({ where: `${w.file}:${w.line}`, code: w.code, message: w.message })),
    noRecommendationReason: input.recommendedReason ?? 'No variant was recommended.',
    hasCompressed: results.variants.some((v) => v.compressedBytes !== null),
    hasZstd: results.variants.some((v) => (v.compressedZstdBytes ?? null) !== null),
    buildChecks: checksView(results),
    rows: variants.map((v) => row(v, original)),
    smokeTested: results.variants.some((v) => v.smoke !== null),
    combined: variants.filter((v) => v.name !== ORIGINAL && v.rules.join() !== v.name).map((v) => ({ name: v.name, rules: v.rules.join(' + ') })),
    skipped: (input.skipped ?? []).map((s) => ({ rule: s.rule, code: s.code ?? null, reason: s.reason })),
    details: variants.map((v) => detail(v, original, input)),
    objective: input.objective ?? 'size',
    unranked: input.unranked ?? [],
    explain: input.explanation && input.explanation.rules.length > 0 ? explainView(input.explanation) : null,
    predictions: predictionView(results),
  };
}

interface CheckLine { rule: string; detail: string; lines: string }

function checksView(results: Results): ReportView['buildChecks'] {
  const checks = results.buildChecks;
  if (!checks) return null;
  const line = (f: BuildCheckRecord): CheckLine => ({ rule: f.rule, detail: f.detail, lines: f.lines.join(', ') || '—' });
  const added = results.variants.flatMap((v) => (v.newBuildChecks?.length ? [{ name: v.name, findings: v.newBuildChecks.map(line) }] : []));
  return { ran: checks.ran, reason: checks.reason, original: checks.original.map(line), added };
}

function topBlock(v: VariantResult, original: VariantResult | null, apply: string | null): TopBlock {
  const change = (after: number | null, before: number | null) =>
    after === null || before === null ? null : `${bytes(before)} → ${bytes(after)} (${delta(after, before)})`;
  return {
    label: variantLabel(v),
    apply,
    size: change(v.sizeBytes, original?.sizeBytes ?? null),
    compressed: change(v.compressedBytes, original?.compressedBytes ?? null),
    rules: contents(v) ?? (v.rules.length ? v.rules.join(' + ') : 'none (a base trial)'),
    requires: requirementLines(v.requires ?? []),
  };
}

/** Ranked variants by rank, then the unranked ones in their given order. */
function inRankOrder(variants: readonly VariantResult[]): VariantResult[] {
  const ranked = variants.filter((v) => v.rank !== null).sort((a, b) => (a.rank ?? 0) - (b.rank ?? 0));
  return [...ranked, ...variants.filter((v) => v.rank === null)];
}

function row(v: VariantResult, original: VariantResult | null): Row {
  return {
    rank: v.rank === null ? '—' : String(v.rank),
    variant: v.name,
    name: namesOf(v),
    rules: v.rules.length ? v.rules.join(', ') : '—',
    // Not built: its predicted size, marked (never shown as a measurement).
    outcome: v.predictedOnly ? 'predicted only' : v.outcome,
    size: v.predictedOnly && v.predicted ? `≈${bytes(v.predicted.sizeBytes)} (predicted)` : bytes(v.sizeBytes),
    delta: v.name === ORIGINAL ? 'baseline' : delta(v.sizeBytes, original?.sizeBytes ?? null),
    compressed: bytes(v.compressedBytes),
    compressedZstd: bytes(v.compressedZstdBytes ?? null),
    cold: coldText(v),
    smoke: v.smoke === null ? '—' : v.smoke.passed ? 'pass' : 'fail',
    pareto: v.pareto ? '✓' : '',
  };
}

function detail(v: VariantResult, original: VariantResult | null, input: MarkdownReportInput): Detail {
  const [headline = '', ...log] = (v.error ?? '').split('\n');
  const diff = input.diffs[v.name];
  const sizePart = v.sizeBytes === null ? '' : ` · ${bytes(v.sizeBytes)}${v.name === ORIGINAL ? '' : ` (${delta(v.sizeBytes, original?.sizeBytes ?? null)})`}`;
  return {
    variant: v.name,
    name: variantLabel(v),
    summary: `${v.outcome}${sizePart}${timesPart(v)}`,
    rules: v.rules.length ? v.rules.join(', ') : 'none: the Dockerfile as it is',
    notes: input.notes?.[v.name] ?? [],
    changes: changes(v),
    errorHeadline: v.error === null ? null : headline,
    errorLog: log.some((l) => l.trim() !== '') ? block(log.slice(-MAX_LOG_LINES).join('\n'), 'text', 'tail', null) : null,
    smokeOutput: v.outcome === 'smoke-failed' && v.smoke?.outputTail ? block(v.smoke.outputTail, 'text', 'tail', null) : null,
    diff: diff ? block(diff, 'diff', 'head', v.patch) : null,
  };
}

/** " · cold build 12.3 ± 0.4 s, edit-rebuild 2.1 ± 0.2 s (median of 3 runs)". */
function timesPart(v: VariantResult): string {
  if (!v.build || v.sizeBytes === null) return ''; // no image: the time is how long it took to fail
  const warm = v.build.warmSeconds === null ? '' : `, edit-rebuild ${warmText(v)}${samplesText(v)}`;
  return ` · cold build ${coldText(v)}${warm}`;
}

function changes(v: VariantResult): string[] {
  if (!v.diff) return [];
  const names = (list: string[]) => `${list.slice(0, 12).join(', ')}${list.length > 12 ? `, … ${list.length - 12} more` : ''}`;
  const out: string[] = [];
  if (v.diff.packagesRemoved.length) out.push(`packages removed (${v.diff.packagesRemoved.length}): ${names(v.diff.packagesRemoved)}`);
  if (v.diff.packagesAdded.length) out.push(`packages added (${v.diff.packagesAdded.length}): ${names(v.diff.packagesAdded)}`);
  const dirs = v.diff.dirs.slice(0, 5).map((d) => `/${d.path} ${prettyBytes(d.deltaBytes, { signed: true })}`);
  if (dirs.length) out.push(`directories that changed most: ${dirs.join(', ')}`);
  return out;
}

function block(text: string, lang: string, keep: Block['keep'], fullPath: string | null): Block {
  return { full: text, text, lang, keep, fullPath, note: null };
}

export function bytes(n: number | null): string {
  return n === null ? '—' : prettyBytes(n);
}

/** Size change against the original: "-71%", "+2%", one decimal under 1%. */
export function delta(size: number | null, base: number | null): string {
  if (size === null || base === null || base === 0) return '—';
  const pct = (size / base - 1) * 100;
  const abs = Math.abs(pct);
  const text = abs < 1 ? abs.toFixed(1) : String(Math.round(abs));
  if (Number(text) === 0) return '0%';
  return `${pct < 0 ? '-' : '+'}${text}%`;
}

function whenText(startedAt: string, finishedAt: string | null): string {
  if (finishedAt === null) return `started ${startedAt}, did not finish`;
  const seconds = Math.round((Date.parse(finishedAt) - Date.parse(startedAt)) / 1000);
  if (!Number.isFinite(seconds)) return `started ${startedAt}`;
  const took = seconds >= 60 ? `${Math.floor(seconds / 60)} min ${seconds % 60} s` : `${seconds} s`;
  return `started ${startedAt}, took ${took}`;
}
