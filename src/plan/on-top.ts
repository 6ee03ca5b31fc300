// A rule applied on top of another planned variant (`all+minify`): the variant's Dockerfile and context files are
// the project the rule sees, and the result is recorded against the original project like any other variant (its
// files are the net changes of both). minify is the one rule that needs it: its evidence is a trace of a built image,
// so on top of a variant it must trace that variant's image, which exists only after the first builds.
import { reason } from '../reasons.js';
import type { Project, Rule } from '../rules/types.js';
import { addRequirements, applyRules, fileChanges, ruleFailed, skippedRule, withEdits } from './apply.js';
import type { PlannedVariant, SkippedRule } from './types.js';

/** `under.name+rule.id`, the name of a rule on top of a variant. */
export function onTopName(under: string, rule: string): string {
  return `${under}+${rule}`;
}

/**
 * The variant `under` with `rule` applied on top, or why not. `project` is the original project; `evidence` is
 * what the rule reads of the variant's own built image (merged into the project the rule sees).
 */
export function planOnTop(project: Project, under: PlannedVariant, rule: Rule, evidence: Partial<Project> = {}): PlannedVariant | SkippedRule {
  const name = onTopName(under.name, rule.id);
  let start: Project;
  try {
    start = withEdits(project, { dockerfile: [{ start: 0, end: project.dockerfile.text.length, newText: under.dockerfile }], files: under.files, notes: [] }, under.name);
  } catch (e) {
    return skippedRule(name, ruleFailed(e, `reading ${under.name}'s Dockerfile`));
  }
  const applied = applyRules({ ...start, ...evidence }, [rule], { keepGoing: true });
  if (applied.applied.length === 0) {
    const why = applied.skipped[0];
    return why ? { ...why, rule: name } : skippedRule(name, reason('rule-failed', `${rule.id} neither applied nor said why (a dflab bug)`));
  }
  const changed = new Map<string, string | null>(under.files.map((f) => [f.path, f.newText]));
  for (const f of applied.files) changed.set(f.path, f.newText);
  const requires = [...under.requires];
  addRequirements(requires, applied.requires);
  return {
    name, rules: [...under.rules, ...applied.applied], ...(under.base ? { base: under.base } : {}),
    dockerfile: applied.dockerfile, files: fileChanges(project, changed),
    notes: [`${rule.id} applied on top of ${under.name}`, ...under.notes, ...applied.notes],
    requires, aliases: [],
  };
}
