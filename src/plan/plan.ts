// planVariants: the original; each applicable rule alone on the original; the cumulative `all` (every selected,
// compatible rule composed, see order.ts); dflab.yaml's named combinations; one variant per candidate base
// (`bases:`). A variant with the same effective build (effective.ts) as one planned already is built once, as that
// one: it is recorded as its alias, so both names are shown.
import { describeTarget, targetChoice } from '../dockerfile/index.js';
import type { TargetRecord } from '../results.js';
import { rebaseFinalStage } from './base-trials.js';
import { ALL_VARIANT, ORIGINAL } from '../results.js';
import type { Project, Rule } from '../rules/types.js';
import { applyRules, withEdits, fileChanges, ruleFailed, skippedRule } from './apply.js';
import { reason } from '../reasons.js';
import { composeRules } from './combine.js';
import { effectiveKey } from './effective.js';
import { NOT_CUMULATIVE } from './order.js';
import type { Plan, PlannedVariant, PlanOptions, SkippedRule } from './types.js';

export { ALL_VARIANT } from '../results.js';

export function planVariants(project: Project, rules: Rule[], opts: PlanOptions = {}): Plan {
  const plan: Plan = { variants: [originalVariant(project)], skipped: [], target: targetRecord(project) };
  const selected = selectRules(rules, opts, plan.skipped);
  for (const rule of selected) {
    let applied;
    try {
      applied = applyRules(project, [rule]);
    } catch (e) {
      plan.skipped.push(skippedRule(rule.id, ruleFailed(e)));
      continue;
    }
    if (applied.applied.length === 0) {
      plan.skipped.push(...applied.skipped);
      continue;
    }
    addVariant(plan, { name: rule.id, rules: applied.applied, dockerfile: applied.dockerfile, files: applied.files, notes: applied.notes, requires: applied.requires, aliases: [] });
  }
  if (opts.cumulative !== false) addCumulative(plan, project, selected);
  for (const combination of opts.variants ?? []) addCombination(plan, project, rules, combination);
  for (const image of opts.bases ?? project.config?.bases ?? []) addBase(plan, project, image);
  return plan;
}

function targetRecord(project: Project): TargetRecord {
  const { stage } = targetChoice(project.dockerfile);
  return { stage: stage.name, index: stage.index, line: stage.from.line, description: describeTarget(project.dockerfile) };
}

/** The project's Dockerfile as it is: every plan's first variant (a run builds it before planning the rest). */
export function originalVariant(project: Project): PlannedVariant {
  return { name: ORIGINAL, rules: [], dockerfile: project.dockerfile.text, files: [], notes: [], requires: [], aliases: [] };
}

/** `all`: every selected rule that composes (one final-base strategy, base-alpine left out); only when two or more apply. */
function addCumulative(plan: Plan, project: Project, selected: Rule[]): void {
  const composed = composeRules(project, selected.filter((r) => !(r.id in NOT_CUMULATIVE)));
  if (composed.applied.length < 2) return;
  const single = plannedNames(plan);
  const left = composed.skipped.filter((s) => single.has(s.rule)).map((s) => `left out of ${ALL_VARIANT}: ${s.rule} (${s.reason})`);
  const excluded = selected.filter((r) => r.id in NOT_CUMULATIVE && single.has(r.id)).map((r) => NOT_CUMULATIVE[r.id]!);
  addVariant(plan, { name: ALL_VARIANT, rules: composed.applied, dockerfile: composed.dockerfile, files: composed.files, notes: [...composed.notes, ...left, ...excluded], requires: composed.requires, aliases: [] });
}

/** A dflab.yaml combination: its rules composed (include/exclude do not apply: the user listed them). */
function addCombination(plan: Plan, project: Project, rules: Rule[], combination: { name: string; rules: string[] }): void {
  if (plannedNames(plan).has(combination.name)) {
    plan.skipped.push(skippedRule(combination.name, reason('name-taken', 'a variant of that name is planned already (rename the combination in dflab.yaml)')));
    return;
  }
  const known = combination.rules.map((id) => rules.find((r) => r.id === id)).filter((r): r is Rule => r !== undefined);
  const unknown = combination.rules.filter((id) => !rules.some((r) => r.id === id));
  const composed = composeRules(project, known);
  const left = [...unknown.map((id) => skippedRule(id, reason('unknown-rule', 'no such rule'))), ...composed.skipped];
  if (composed.applied.length === 0) {
    plan.skipped.push(skippedRule(combination.name, reason('no-rule-applies', `none of its rules apply: ${left.map((s) => `${s.rule} (${s.reason})`).join('; ')}`)));
    return;
  }
  const notes = [...composed.notes, ...left.map((s) => `not applied: ${s.rule} (${s.reason})`)];
  addVariant(plan, { name: combination.name, rules: composed.applied, dockerfile: composed.dockerfile, files: composed.files, notes, requires: composed.requires, aliases: [] });
}

/** A base trial: the final stage on the candidate image, with what that base needs. */
function addBase(plan: Plan, project: Project, image: string): void {
  const name = uniqueName(plan, baseVariantName(image));
  const edits = rebaseFinalStage(project, image);
  if ('reason' in edits) {
    plan.skipped.push(skippedRule(name, edits.reason));
    return;
  }
  let after: Project;
  try {
    after = withEdits(project, edits, name);
  } catch (e) {
    plan.skipped.push(skippedRule(name, ruleFailed(e, 'the base trial')));
    return;
  }
  const files = fileChanges(project, new Map(edits.files.map((f) => [f.path, f.newText])));
  addVariant(plan, { name, rules: [], base: image, dockerfile: after.dockerfile.text, files, notes: edits.notes, requires: [{ kind: 'base-image', subject: image }], aliases: [] });
}

/** `base-` and the image, made a variant name (lowercase letters, digits, `.`, `_`, `-`; at most 63 characters). */
export function baseVariantName(image: string): string {
  const plain = image.toLowerCase().replace(/^(docker\.io\/|index\.docker\.io\/)?(library\/)?/, '').replace(/@sha256:([0-9a-f]{12})[0-9a-f]*$/, '-$1');
  const slug = plain.replace(/[^a-z0-9._-]+/g, '-').replace(/-+/g, '-').replace(/^[-.]+|[-.]+$/g, '');
  return `base-${slug}`.slice(0, 63).replace(/[-.]+$/, '');
}

function uniqueName(plan: Plan, name: string): string {
  const taken = (n: string) => plannedNames(plan).has(n) || plan.skipped.some((s) => s.rule === n);
  if (!taken(name)) return name;
  for (let i = 2; ; i++) {
    const candidate = `${name.slice(0, 60)}-${i}`;
    if (!taken(candidate)) return candidate;
  }
}

/**
 * Adds a variant unless one with the same effective build (effective.ts: the same Dockerfile as BuildKit reads it,
 * the same context file edits) is planned already; then it becomes that one's alias: one build, both names.
 */
export function addVariant(plan: Plan, variant: PlannedVariant): void {
  const key = variantKey(variant);
  const same = plan.variants.find((v) => variantKey(v) === key);
  if (same) same.aliases.push({ name: variant.name, rules: variant.rules });
  else plan.variants.push(variant);
}

/** The names of the planned variants and of their aliases. */
function plannedNames(plan: Plan): Set<string> {
  return new Set(plan.variants.flatMap((v) => [v.name, ...v.aliases.map((a) => a.name)]));
}

const keys = new WeakMap<PlannedVariant, string>();

function variantKey(v: PlannedVariant): string {
  let key = keys.get(v);
  if (key === undefined) keys.set(v, (key = effectiveKey(v.dockerfile, v.files)));
  return key;
}

/** The rules include/exclude leave in, in the rules' order; the others are recorded with the reason. */
function selectRules(rules: Rule[], opts: PlanOptions, skipped: SkippedRule[]): Rule[] {
  const include = opts.include ?? [];
  const exclude = new Set(opts.exclude ?? []);
  const known = new Set(rules.map((r) => r.id));
  for (const id of [...include, ...exclude]) {
    if (!known.has(id)) skipped.push(skippedRule(id, reason('unknown-rule', 'no such rule')));
  }
  const flag = opts.byFlag;
  return rules.filter((r) => {
    if (exclude.has(r.id)) skipped.push(skippedRule(r.id, reason('excluded', flag?.exclude.includes(r.id) ? 'excluded by --skip-rules' : 'excluded by rules.exclude')));
    else if (include.length > 0 && !include.includes(r.id)) skipped.push(skippedRule(r.id, reason('not-included', flag?.include ? 'not in --rules' : 'not in rules.include')));
    else return true;
    return false;
  });
}
