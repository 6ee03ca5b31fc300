// Per rule: what it measurably buys and what it costs. Two measurements exist: each rule alone on the
// original (its single-rule variant), and the cumulative variant `all` (every compatible rule composed).
// A rule's own share inside `all` needs `all` minus that rule, which the planner does not build; it is
// shown only when such a variant was run (a dflab.yaml combination), and said to be unmeasured otherwise.
import { ALL_VARIANT } from '../plan/plan.js';
import { ORIGINAL, type Outcome, type SkippedRuleRecord, type VariantResult } from '../results.js';
import { savingOf, sumSavings, type Saving } from './savings.js';
import { TRADE_OFFS } from './trade-offs.js';

export type { Saving } from './savings.js';

export interface RuleExplanation {
  rule: string;
  /** The variant with exactly this rule on the original; null when none was run. */
  alone: { variant: string; outcome: Outcome; saving: Saving | null } | null;
  /** Why there is no single-rule variant ("same as base-slim", "not run"); null when there is one. */
  aloneMissing: string | null;
  /** Whether the cumulative variant includes this rule. */
  inCumulative: boolean;
  /** What `all` saves over `all` without this rule, when a variant with exactly those rules ran ok. */
  inChain: { without: string; saving: Saving | null } | null;
  /** Costs: the failure of its single-rule variant, the rule's notes, and its inherent trade-off. */
  givesUp: string[];
}

export interface CumulativeExplanation {
  variant: string;
  rules: string[];
  outcome: Outcome;
  saving: Saving | null;
  /** Σ of the single-rule savings of its rules: more than `saving` when the rules overlap. */
  sumOfAlone: Saving | null;
  error: string | null;
}

export interface Explanation {
  rules: RuleExplanation[];
  cumulative: CumulativeExplanation | null;
  /** One sentence on what was measured and what was not. */
  method: string;
}

export interface ExplainInput {
  variants: readonly VariantResult[];
  /** Variant name → the rules' notes for it. */
  notes: Record<string, readonly string[]>;
  skipped: readonly SkippedRuleRecord[];
}

export const OUTCOME_WORDS: Record<Outcome, string> = {
  ok: 'ok',
  'build-failed': 'build failed',
  'smoke-failed': 'smoke test failed',
  'base-unavailable': 'base image unavailable',
  skipped: 'not run',
};

export function explainRules({ variants, notes, skipped }: ExplainInput): Explanation {
  const original = variants.find((v) => v.name === ORIGINAL) ?? null;
  const cumulativeVariant = variants.find((v) => v.name === ALL_VARIANT && v.rules.length > 1) ?? null;
  const cumulativeRules = new Set(cumulativeVariant?.rules ?? []);
  const rules = ruleIds(variants, skipped);
  const explained = rules.map((rule): RuleExplanation => {
    const alone = variants.find((v) => v.rules.length === 1 && v.rules[0] === rule) ?? variants.find((v) => aliasRules(v).includes(rule)) ?? null;
    const without = cumulativeVariant && cumulativeRules.has(rule) ? variantWithRules(variants, [...cumulativeRules].filter((r) => r !== rule)) : null;
    return {
      rule,
      alone: alone && { variant: alone.name, outcome: alone.outcome, saving: original ? savingOf(alone, original) : null },
      aloneMissing: alone ? null : skipped.find((s) => s.rule === rule)?.reason ?? 'no single-rule variant was run',
      inCumulative: cumulativeRules.has(rule),
      inChain: cumulativeVariant && without ? { without: without.name, saving: okPair(cumulativeVariant, without) ? savingOf(cumulativeVariant, without) : null } : null,
      givesUp: givesUp(rule, alone, notes),
    };
  });
  return { rules: explained, cumulative: cumulative(cumulativeVariant, original, explained), method: methodSentence(cumulativeVariant, explained) };
}

/** Rule ids in the order variants first use them; then rules whose single variant is another's alias (or was deduped, in older runs). */
function ruleIds(variants: readonly VariantResult[], skipped: readonly SkippedRuleRecord[]): string[] {
  const ids: string[] = [];
  const add = (id: string) => { if (!ids.includes(id)) ids.push(id); };
  for (const v of variants) if (v.rules.length === 1) add(v.rules[0]!);
  for (const v of variants) v.rules.forEach(add);
  for (const v of variants) aliasRules(v).forEach(add);
  for (const s of skipped) if (s.code === 'same-as-variant') add(s.rule);
  return ids.filter((id) => variants.some((v) => v.rules.includes(id) || aliasRules(v).includes(id)) || skipped.some((s) => s.rule === id));
}

/** The rules of the single-rule variants a variant was built for too (its aliases). */
function aliasRules(v: VariantResult): string[] {
  return (v.aliases ?? []).filter((a) => a.rules.length === 1 && a.rules[0] === a.name).map((a) => a.name);
}

function variantWithRules(variants: readonly VariantResult[], rules: string[]): VariantResult | null {
  const key = [...rules].sort().join(',');
  return variants.find((v) => v.rules.length === rules.length && [...v.rules].sort().join(',') === key) ?? null;
}

function okPair(a: VariantResult, b: VariantResult): boolean {
  return a.outcome === 'ok' && b.outcome === 'ok';
}

function givesUp(rule: string, alone: VariantResult | null, notes: Record<string, readonly string[]>): string[] {
  const out: string[] = [];
  if (alone && alone.outcome !== 'ok') {
    const first = (alone.error ?? '').split('\n').find((l) => l.trim() !== '')?.trim();
    const words = OUTCOME_WORDS[alone.outcome];
    out.push(!first ? words : first.toLowerCase().startsWith(words) ? first : `${words}: ${first}`);
  }
  if (alone) out.push(...(notes[alone.name] ?? []));
  const inherent = TRADE_OFFS[rule];
  if (inherent) out.push(inherent);
  return out;
}

function cumulative(v: VariantResult | null, original: VariantResult | null, rules: RuleExplanation[]): CumulativeExplanation | null {
  if (!v) return null;
  const alone = rules.filter((r) => r.inCumulative && r.alone?.outcome === 'ok' && r.alone.saving).map((r) => r.alone!.saving!);
  const complete = alone.length === v.rules.length;
  return {
    variant: v.name,
    rules: v.rules,
    outcome: v.outcome,
    saving: original ? savingOf(v, original) : null,
    sumOfAlone: complete && original ? sumSavings(alone, original) : null,
    error: v.error === null ? null : (v.error.split('\n').find((l) => l.trim() !== '') ?? '').trim(),
  };
}

function methodSentence(cumulativeVariant: VariantResult | null, rules: RuleExplanation[]): string {
  const alone = 'Savings are measured against original: "alone" is the rule\'s single-rule variant';
  if (!cumulativeVariant) return `${alone}; no cumulative variant was run, so how the rules combine is not measured.`;
  const chained = rules.filter((r) => r.inChain).length;
  const share = chained === 0
    ? 'a rule\'s own share inside it (all vs all without that rule) is not measured'
    : `a rule's own share inside it (all vs all without that rule) is measured for ${chained} of ${cumulativeVariant.rules.length} rules, where such a variant was run`;
  return `${alone}, and "${cumulativeVariant.name}" composes ${cumulativeVariant.rules.length} rules; ${share}, and single-rule savings overlap, so they do not add up.`;
}
