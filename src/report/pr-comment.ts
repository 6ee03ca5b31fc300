// The body of the one sticky PR comment the GitHub Action keeps up to date (action.yml, README "GitHub Action"):
// a hidden marker a workflow step finds it by, the recommendation and its saving first, a row per variant with
// Docker Scout's "35 MB (−377 MB)" cells, each patch in a <details> block, all within GitHub's comment limit
// (pr-comment-fit.ts). Pure: results.json and the patches in, Markdown out.
import prettyBytes from 'pretty-bytes';
import { objectiveLabel } from '../rank/index.js';
import { ORIGINAL, type Results, type VariantResult } from '../results.js';
import { codeBlock, codeSpan, escapeHtml, escapeMarkdown, escapeProse } from './escape.js';
import { fitComment, type CommentParts, type PatchPart } from './pr-comment-fit.js';

/** GitHub rejects an issue or PR comment body longer than this. */
export const GITHUB_COMMENT_LIMIT = 65_536;

export interface PrCommentInput {
  /** Ranked (as results.json holds it). */
  results: Results;
  /** Variant name → its patch against the project (OUT/patches/<name>.patch); missing ones are not shown. */
  patches: Record<string, string>;
  /** Where the whole report is: the uploaded out dir's artifact name, and the workflow run's page when known. */
  artifact: { name: string; url: string | null };
  /** Tells this comment from others dflab keeps on the same PR (one per project); "" for the default one. */
  key?: string;
  /** `dflab check` on the run, when the workflow gave thresholds. */
  gate?: Gate | null;
  /** The commit the run measured (the PR's head). */
  commit?: string | null;
  /** 'summary': the same Markdown for $GITHUB_STEP_SUMMARY, without the marker and with room for whole patches. */
  target?: 'comment' | 'summary';
}

/** A step summary may hold 1 MiB; this leaves room for what else the job writes. */
export const SUMMARY_LIMIT = 512 * 1024;

export interface Gate {
  variant: string;
  passed: boolean;
  /** One line per violated threshold. */
  violations: string[];
}

/** What the action reports as outputs, and what the comment leads with. */
export interface Headline {
  /** The recommended variant; null when no variant beats the original. */
  recommended: string | null;
  /** Its image size, or the original's when nothing is recommended. */
  sizeBytes: number | null;
  /** Percent of the original's size the recommendation saves (one decimal); null without a recommendation. */
  savingPercent: number | null;
}

/** The hidden marker the sticky comment is found by: `<!-- dflab:sticky -->`, or `<!-- dflab:sticky:KEY -->`. */
export function commentMarker(key = ''): string {
  // Nothing that could end the HTML comment or make two keys look alike.
  const safe = key.replace(/[^A-Za-z0-9._/-]+/g, '-').replace(/-{2,}/g, '-').replace(/^-|-$/g, '');
  return `<!-- dflab:sticky${safe ? `:${safe}` : ''} -->`;
}

export function headlineOf(results: Results): Headline {
  const original = results.variants.find((v) => v.name === ORIGINAL) ?? null;
  const rec = results.variants.find((v) => v.name === results.recommended && v.name !== ORIGINAL) ?? null;
  if (!rec) return { recommended: null, sizeBytes: original?.sizeBytes ?? null, savingPercent: null };
  const base = original?.sizeBytes ?? null;
  const saving = rec.sizeBytes !== null && base ? Math.round(((base - rec.sizeBytes) / base) * 1000) / 10 : null;
  return { recommended: rec.name, sizeBytes: rec.sizeBytes, savingPercent: saving };
}

export function renderPrComment(input: PrCommentInput): string {
  return fitComment(commentParts(input), input.target === 'summary' ? SUMMARY_LIMIT : GITHUB_COMMENT_LIMIT);
}

function commentParts(input: PrCommentInput): CommentParts {
  const { results } = input;
  const original = results.variants.find((v) => v.name === ORIGINAL) ?? null;
  const variants = inRankOrder(results.variants);
  const artifact = artifactLink(input.artifact);
  return {
    head: [...(input.target === 'summary' ? [] : [commentMarker(input.key), '']), ...lead(results, original), ...gateLines(input.gate ?? null)].join('\n'),
    tableHead: '| | Variant | Size | Compressed | Waste | Cold build | Edit-rebuild | Smoke |\n|---|---|--:|--:|--:|--:|--:|:-:|',
    rows: variants.map((v) => row(v, original, results.recommended)),
    patches: variants.flatMap((v) => patchPart(v, input.patches[v.name], results.recommended, original)),
    foot: `<sub>${footer(results, input.commit ?? null, artifact)}${input.target === 'summary' ? '' : ' This comment is updated in place on each push.'}</sub>`,
    artifact,
  };
}

function lead(results: Results, original: VariantResult | null): string[] {
  const { recommended } = headlineOf(results);
  const rec = results.variants.find((v) => v.name === recommended);
  const why = results.recommendedReason ? ` ${escapeProse(results.recommendedReason)}` : '';
  if (!rec || !original) {
    return [`### dflab on ${escapeMarkdown(results.project)}: no variant beats the original`, '', `No recommendation.${why}`];
  }
  const delta = original.sizeBytes !== null && rec.sizeBytes !== null ? rec.sizeBytes - original.sizeBytes : null;
  const saves = delta === null ? '' : delta < 0
    ? ` saves ${prettyBytes(-delta)}${original.sizeBytes ? ` (${percent(delta / original.sizeBytes)})` : ''}`
    : ` (${signed(delta)}, ranked by ${objectiveText(results)})`;
  const compressed = original.compressedBytes !== null && rec.compressedBytes !== null
    ? `, compressed ${withDelta(rec.compressedBytes, original.compressedBytes)}` : '';
  return [
    `### dflab on ${escapeMarkdown(results.project)}: ${codeSpan(rec.name)}${saves}`,
    '',
    `**Recommended: ${codeSpan(rec.name)}**${rulesText(rec)}: ${withDelta(rec.sizeBytes, original.sizeBytes)}${compressed}.${why}`,
  ];
}

function gateLines(gate: Gate | null): string[] {
  if (!gate) return [];
  const head = `**dflab check** on ${codeSpan(gate.variant)}: ${gate.passed ? '✅ every threshold holds' : '❌ failed'}`;
  return ['', head, ...gate.violations.map((v) => `- ${escapeMarkdown(v)}`)];
}

function row(v: VariantResult, original: VariantResult | null, recommended: string | null): string {
  const isOriginal = v.name === ORIGINAL;
  const base = (pick: (x: VariantResult) => number | null) => (isOriginal || !original ? null : pick(original));
  const name = `${codeSpan(v.name)}${v.outcome === 'ok' ? '' : ` (${v.outcome})`}`;
  const cells = [
    v.name === recommended ? '⭐' : v.rank === null ? '' : String(v.rank),
    name,
    withDelta(v.sizeBytes, base((x) => x.sizeBytes)),
    withDelta(v.compressedBytes, base((x) => x.compressedBytes)),
    v.wastedBytes === null ? '—' : prettyBytes(v.wastedBytes),
    seconds(v.build?.coldSeconds ?? null),
    seconds(v.build?.warmSeconds ?? null),
    v.smoke === null ? '—' : v.smoke.passed ? '✅' : '❌',
  ];
  return `| ${cells.join(' | ')} |`;
}

function patchPart(v: VariantResult, patch: string | undefined, recommended: string | null, original: VariantResult | null): PatchPart[] {
  if (v.name === ORIGINAL || !patch) return [];
  const size = original && original.sizeBytes !== null && v.sizeBytes !== null ? `, ${signed(v.sizeBytes - original.sizeBytes)}` : '';
  const facts = [v.rules.join(', '), v.outcome === 'ok' ? '' : v.outcome].filter(Boolean).join(', ');
  const summary = `Patch: <code>${escapeHtml(v.name)}</code> (${escapeHtml(facts || 'no rules')}${size})`;
  return [{
    open: `<details${v.name === recommended ? ' open' : ''}><summary>${summary}</summary>\n`,
    patch, path: v.patch ?? `patches/${v.name}.patch`, fence: (text) => codeBlock(text, 'diff'),
  }];
}

function footer(results: Results, commit: string | null, artifact: string): string {
  const on = commit ? ` on ${codeSpan(commit.slice(0, 12))}` : '';
  return `dflab run ${codeSpan(results.runId)}${on}. The whole report (report.md, report.html, every patch) is in ${artifact}.`;
}

function artifactLink({ name, url }: PrCommentInput['artifact']): string {
  const label = `the ${codeSpan(name)} artifact`;
  return url ? `[${label}](${url})` : label;
}

/** Ranked variants by rank, then the unranked ones as results.json lists them. */
function inRankOrder(variants: readonly VariantResult[]): VariantResult[] {
  const ranked = variants.filter((v) => v.rank !== null).sort((a, b) => (a.rank ?? 0) - (b.rank ?? 0));
  return [...ranked, ...variants.filter((v) => v.rank === null)];
}

/** " (rules a, b)" unless the variant is named after its one rule. */
function rulesText(v: VariantResult): string {
  if (v.rules.length === 0 || (v.rules.length === 1 && v.rules[0] === v.name)) return '';
  return ` (rules ${v.rules.map((r) => codeSpan(r)).join(', ')})`;
}

/** "35 MB (−377 MB)"; just the size for the original or when there is nothing to compare with. */
export function withDelta(value: number | null, base: number | null): string {
  if (value === null) return '—';
  return base === null ? prettyBytes(value) : `${prettyBytes(value)} (${signed(value - base)})`;
}

/** Signed bytes with a true minus sign, as Docker Scout writes them: "−377 MB", "+2.1 kB", "±0 B". */
function signed(n: number): string {
  if (n === 0) return '±0 B';
  return `${n < 0 ? '−' : '+'}${prettyBytes(Math.abs(n))}`;
}

/** A size change as a signed percentage: "−91%", one decimal under 1%. */
function percent(fraction: number): string {
  const pct = Math.abs(fraction * 100);
  return `${fraction < 0 ? '−' : '+'}${pct < 1 ? pct.toFixed(1) : Math.round(pct)}%`;
}

function objectiveText(results: Results): string {
  return objectiveLabel(results.objective ?? 'size');
}

function seconds(n: number | null): string {
  return n === null ? '—' : `${n.toFixed(1)} s`;
}

/** When `dflab run` wrote no results.json (a usage error, no engine): the sticky comment says so instead of going stale. */
export function renderFailedRunComment(input: { key?: string; exitCode: number; artifact: PrCommentInput['artifact']; target?: PrCommentInput['target'] }): string {
  const marker = input.target === 'summary' ? [] : [commentMarker(input.key), ''];
  return [
    ...marker,
    `### dflab: the run failed (exit code ${input.exitCode}) before it measured anything`,
    '',
    `The cause is in the job's log; whatever the run wrote is in ${artifactLink(input.artifact)}.`,
    '',
  ].join('\n');
}
