// planVariants: the original, then each applicable rule alone on the original; identical outputs deduped.
// Combinations (the cumulative "all compatible rules" variant, dflab.yaml's `variants:`) go through
// applyRules with several rules and addVariant, the same way.
import type { Project, Rule } from '../rules/types.js';
import { applyRules } from './apply.js';
import type { Plan, PlannedVariant, PlanOptions, SkippedRule } from './types.js';

export function planVariants(project: Project, rules: Rule[], opts: PlanOptions = {}): Plan {
  const plan: Plan = {
    variants: [{ name: 'original', rules: [], dockerfile: project.dockerfile.text, files: [], notes: [] }],
    skipped: [],
  };
  for (const rule of selectRules(rules, opts, plan.skipped)) {
    let applied;
    try {
      applied = applyRules(project, [rule]);
    } catch (e) {
      plan.skipped.push({ rule: rule.id, reason: `the rule failed (a dflab bug): ${e instanceof Error ? e.message : String(e)}` });
      continue;
    }
    if (applied.applied.length === 0) {
      plan.skipped.push(...applied.skipped);
      continue;
    }
    addVariant(plan, { name: rule.id, rules: applied.applied, dockerfile: applied.dockerfile, files: applied.files, notes: applied.notes });
  }
  return plan;
}

/** Adds a variant unless one with the same Dockerfile and files is planned already (then records it as skipped). */
export function addVariant(plan: Plan, variant: PlannedVariant): void {
  const key = variantKey(variant);
  const same = plan.variants.find((v) => variantKey(v) === key);
  if (same) plan.skipped.push({ rule: variant.name, reason: `same as ${same.name}` });
  else plan.variants.push(variant);
}

function variantKey(v: PlannedVariant): string {
  const files = [...v.files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return JSON.stringify([v.dockerfile, files.map((f) => [f.path, f.newText])]);
}

/** The rules include/exclude leave in, in the rules' order; the others are recorded with the reason. */
function selectRules(rules: Rule[], opts: PlanOptions, skipped: SkippedRule[]): Rule[] {
  const include = opts.include ?? [];
  const exclude = new Set(opts.exclude ?? []);
  const known = new Set(rules.map((r) => r.id));
  for (const id of [...include, ...exclude]) {
    if (!known.has(id)) skipped.push({ rule: id, reason: 'no such rule' });
  }
  return rules.filter((r) => {
    if (exclude.has(r.id)) skipped.push({ rule: r.id, reason: 'excluded by rules.exclude' });
    else if (include.length > 0 && !include.includes(r.id)) skipped.push({ rule: r.id, reason: 'not in rules.include' });
    else return true;
    return false;
  });
}
