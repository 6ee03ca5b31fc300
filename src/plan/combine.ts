// Several rules in one variant: applied in composing order (order.ts), each on the project the previous ones left
// (Dockerfile reparsed, context files written), at most one final-base strategy. A rule that does not apply at its
// turn, loses to another of its group, or fails, is left out with a note; the others still apply. The rules that
// tune layers leave builder stages as the earlier rules wrote them, so their steps are shared (share.ts).
import type { Project, Rule } from '../rules/types.js';
import { applyRules, type AppliedRules } from './apply.js';
import { composeOrder, exclusiveGroup } from './order.js';
import { reason } from '../reasons.js';
import { keptNote, keptStages } from './share.js';

export function composeRules(project: Project, rules: Rule[]): AppliedRules {
  const notes: string[] = [];
  const composed = applyRules(project, composeOrder(rules), {
    keepGoing: true,
    blockedBy: (rule, applied) => {
      const group = exclusiveGroup(rule.id);
      const taken = group ? applied.find((id) => group.includes(id)) : undefined;
      return taken ? reason('final-base-chosen', `${taken} already chose the final stage's base (one such rule per variant)`) : null;
    },
    keepStages: keptStages,
    onKept: (rule, p, stages) => notes.push(keptNote(rule, p, stages)),
  });
  composed.notes.push(...notes);
  return composed;
}
