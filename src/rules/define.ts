// A rule from its analysis: applies() and apply() read the same verdict, computed once per project.
import type { Reason } from '../reasons.js';
import type { Project, Rule, RuleEdits } from './types.js';

export type Analysis = { ok: true; edits: RuleEdits } | { ok: false; reason: Reason };

/** What a rule declares beside its analysis: the effect its variant must show, what the variant requires, the
 *  evidence from the built original it reads. */
export type Declared = Pick<Rule, 'effect' | 'requires' | 'evidence'>;

export function defineRule(id: string, description: string, analyse: (p: Project) => Analysis, declared: Declared = {}): Rule {
  // The planner asks applies() and then apply() of the same project: analyse it once.
  const seen = new WeakMap<Project, Analysis>();
  const verdict = (p: Project): Analysis => {
    let a = seen.get(p);
    if (!a) seen.set(p, (a = analyse(p)));
    return a;
  };
  return {
    id,
    description,
    ...declared,
    applies(p) {
      const a = verdict(p);
      return a.ok ? { applies: true } : { applies: false, reason: a.reason };
    },
    apply(p) {
      const a = verdict(p);
      if (!a.ok) throw new Error(`${id} does not apply: ${a.reason.message}`);
      return a.edits;
    },
  };
}
