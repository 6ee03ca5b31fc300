// What rules declare beside their analysis (define.ts `Declared`): the effect a variant must show to carry the
// rule's name (the planner checks it, plan/apply.ts), and what the variant requires, as typed values the report
// words (report/requirements.ts). Read from the project before and after the rule's edits.
import { finalStage } from '../dockerfile/index.js';
import type { Project, Requirement, RuleEffect } from './types.js';

/** The final stage's base image as written. */
export function finalBase(p: Project): string {
  return finalStage(p.dockerfile).baseImage;
}

/** The base rules' effect: the final stage runs on another image. */
export const BASE_CHANGES: RuleEffect = {
  says: "a new base for the final stage",
  present: (before, after) => finalBase(before) !== finalBase(after),
};

/** multi-stage's effect: the variant has a stage more than the original (the builder). */
export const ADDS_A_STAGE: RuleEffect = {
  says: 'a builder stage',
  present: (before, after) => after.dockerfile.stages.length > before.dockerfile.stages.length,
};

/** An effect read as "more of these than before" in the Dockerfile's instructions. */
export function moreOf(says: string, count: (p: Project) => number): RuleEffect {
  return { says, present: (before, after) => count(after) > count(before) };
}

/** An effect read as "fewer of these than before". */
export function fewerOf(says: string, count: (p: Project) => number): RuleEffect {
  return { says, present: (before, after) => count(after) < count(before) };
}

/** The final stage's new base, as a requirement of `kind`. */
export function baseRequirement(kind: 'base-image' | 'musl-base') {
  // An image made from ARGs (`${IMAGE}`) says nothing a reader could act on.
  return (_before: Project, after: Project): Requirement[] => (finalBase(after).includes('$') ? [] : [{ kind, subject: finalBase(after) }]);
}
