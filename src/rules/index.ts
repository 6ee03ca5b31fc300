// The rule registry: every remedy dflab knows, in the order variants are planned and reported.
import { baseSlim } from './base-slim.js';
import type { Rule } from './types.js';

export type { Applicability, FileEdit, Project, Rule, RuleEdits } from './types.js';

export const allRules: Rule[] = [baseSlim];

export function ruleById(id: string): Rule | undefined {
  return allRules.find((r) => r.id === id);
}
