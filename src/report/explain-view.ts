// Explanation numbers as text, shared by report.md and report.html.
import prettyBytes from 'pretty-bytes';
import { secondsText } from '../rank/index.js';
import type { Explanation, Saving } from './explain.js';
import { OUTCOME_WORDS } from './explain.js';

export interface ExplainRow {
  rule: string;
  variant: string;
  outcome: string;
  size: string;
  compressed: string;
  cold: string;
  inCumulative: string;
  chain: string;
  givesUp: string[];
}

export interface ExplainView {
  method: string;
  cumulativeName: string | null;
  rows: ExplainRow[];
  cumulative: { name: string; rules: string; outcome: string; size: string; compressed: string; cold: string; sumOfAlone: string | null } | null;
}

export function explainView(e: Explanation): ExplainView {
  const cumulativeName = e.cumulative?.variant ?? null;
  return {
    method: e.method,
    cumulativeName,
    rows: e.rules.map((r) => {
      const s = r.alone?.saving ?? null;
      const failed = r.alone && r.alone.outcome !== 'ok';
      return {
        rule: r.rule,
        variant: r.alone?.variant ?? '—',
        outcome: r.alone ? OUTCOME_WORDS[r.alone.outcome] : r.aloneMissing ?? 'not run',
        size: s && !failed ? bytesSaved(s.sizeBytes, s.sizeFraction) : '—',
        compressed: s && !failed ? bytesSaved(s.compressedBytes, s.compressedFraction) : '—',
        cold: s && !failed ? coldSaved(s) : '—',
        inCumulative: r.inCumulative ? 'yes' : cumulativeName ? 'no' : '—',
        chain: !r.inCumulative ? '—' : r.inChain?.saving ? savingText(r.inChain.saving) : r.inChain ? `${r.inChain.without} did not finish ok` : 'not measured',
        givesUp: r.givesUp,
      };
    }),
    cumulative: e.cumulative && {
      name: e.cumulative.variant,
      rules: e.cumulative.rules.join(', '),
      outcome: OUTCOME_WORDS[e.cumulative.outcome] + (e.cumulative.error ? `: ${e.cumulative.error}` : ''),
      size: e.cumulative.saving && e.cumulative.outcome === 'ok' ? bytesSaved(e.cumulative.saving.sizeBytes, e.cumulative.saving.sizeFraction) : '—',
      compressed: e.cumulative.saving && e.cumulative.outcome === 'ok' ? bytesSaved(e.cumulative.saving.compressedBytes, e.cumulative.saving.compressedFraction) : '—',
      cold: e.cumulative.saving && e.cumulative.outcome === 'ok' ? coldSaved(e.cumulative.saving) : '—',
      sumOfAlone: e.cumulative.sumOfAlone ? savingText(e.cumulative.sumOfAlone) : null,
    },
  };
}

/** "size -781 MB (-71%), compressed …, cold build -6.5 s (-13%)": the parts that were measured. */
export function savingText(s: Saving): string {
  const parts = [
    s.sizeBytes === null ? null : `size ${bytesSaved(s.sizeBytes, s.sizeFraction)}`,
    s.compressedBytes === null ? null : `compressed ${bytesSaved(s.compressedBytes, s.compressedFraction)}`,
    s.coldSeconds === null ? null : s.coldInsideNoise ? NO_TIME_CHANGE : `cold build ${secondsSaved(s.coldSeconds, s.coldFraction, s.coldSpreadSeconds)}`,
  ].filter((p): p is string => p !== null);
  return parts.length ? parts.join(', ') : 'not measured';
}

/** A saving shown as the change it makes: "-781 MB (-71%)", "+2 MB (+0.2%)". */
export function bytesSaved(saved: number | null, fraction: number | null): string {
  if (saved === null) return '—';
  return `${sign(-saved)}${prettyBytes(Math.abs(saved))}${percent(fraction)}`;
}

/** What a cold-time saving inside the noise is called in prose. */
export const NO_TIME_CHANGE = 'no measurable change in build time';

/** A table cell under "cold build": the change with its ±, or that there is none measurable. */
export function coldSaved(s: Saving): string {
  return s.coldInsideNoise ? 'no measurable change' : secondsSaved(s.coldSeconds, s.coldFraction, s.coldSpreadSeconds);
}

/** "-3.7 s (-22%)", "-3.7 ± 0.5 s (-22%)": the same rounding as every time shown (rank/noise.ts secondsText). */
export function secondsSaved(saved: number | null, fraction: number | null, spread: number | null = null): string {
  if (saved === null) return '—';
  return `${sign(-saved)}${secondsText(Math.abs(saved), spread)}${percent(fraction)}`;
}

function sign(change: number): string {
  return change < 0 ? '-' : change > 0 ? '+' : '±';
}

function percent(fraction: number | null): string {
  if (fraction === null) return '';
  const pct = -fraction * 100;
  const abs = Math.abs(pct);
  return ` (${sign(pct)}${abs < 1 ? abs.toFixed(1) : Math.round(abs)}%)`;
}
