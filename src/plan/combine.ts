// Several rules in one variant: applied in composing order (order.ts), each on the project the previous ones left
// (Dockerfile reparsed, context files written), at most one final-base strategy. A rule that does not apply at its
// turn, loses to another of its group, or fails, is left out with a note; the others still apply.
import type { Project, Rule } from '../rules/types.js';
import { fileChanges, withEdits, type AppliedRules } from './apply.js';
import { composeOrder, exclusiveGroup } from './order.js';

export function composeRules(project: Project, rules: Rule[]): AppliedRules {
  let current = project;
  const changed = new Map<string, string | null>();
  const result: AppliedRules = { dockerfile: project.dockerfile.text, files: [], notes: [], applied: [], skipped: [], project };
  for (const rule of composeOrder(rules)) {
    const group = exclusiveGroup(rule.id);
    const taken = group ? result.applied.find((id) => group.includes(id)) : undefined;
    if (taken) {
      result.skipped.push({ rule: rule.id, reason: `${taken} already chose the final stage's base (one such rule per variant)` });
      continue;
    }
    try {
      const verdict = rule.applies(current);
      if (!verdict.applies) {
        result.skipped.push({ rule: rule.id, reason: verdict.reason });
        continue;
      }
      const edits = rule.apply(current);
      current = withEdits(current, edits, rule.id);
      for (const f of edits.files) changed.set(f.path, f.newText);
      result.applied.push(rule.id);
      result.notes.push(...edits.notes);
    } catch (e) {
      result.skipped.push({ rule: rule.id, reason: `the rule failed (a dflab bug): ${e instanceof Error ? e.message : String(e)}` });
    }
  }
  result.project = current;
  result.dockerfile = current.dockerfile.text;
  result.files = fileChanges(project, changed);
  return result;
}
