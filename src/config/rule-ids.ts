// Rule ids are checked by the caller, who knows the rule registry; config does not import rules/. The one wording of
// a bad rule id, with its "did you mean", for dflab.yaml and the command line (--rules, --skip-rules) alike.
import { ALL_VARIANT } from '../results.js';
import { closest, ConfigError, type ConfigIssue } from './issues.js';
import type { DflabConfig } from './types.js';

/** `all` given with rule ids in a list that selects rules. */
export const ALL_WITH_IDS = `"${ALL_VARIANT}" already means every rule: give it alone, or rule ids`;

/**
 * What is wrong with `id` in a rule list, or null. `selects`: the list chooses rules (--rules, rules.include), where
 * `all` means every rule; elsewhere (exclusions, combinations) `all` is the cumulative variant's name, not a rule.
 */
export function ruleIdProblem(id: string, knownIds: readonly string[], selects: boolean): string | null {
  if (knownIds.includes(id) || (selects && id === ALL_VARIANT)) return null;
  if (id === ALL_VARIANT) return `"${ALL_VARIANT}" is the variant that combines the selected rules, not a rule id; name the rules`;
  const guess = closest(id, selects ? [...knownIds, ALL_VARIANT] : knownIds);
  return `unknown rule "${id}"; ${guess ? `did you mean "${guess}"? ` : ''}known rules: ${[...knownIds].sort().join(', ')}`;
}

/** Throws a ConfigError naming every unknown rule id in rules.include/exclude and variants[].rules. */
export function checkRuleIds(config: DflabConfig, knownIds: readonly string[], file = 'dflab.yaml'): void {
  const issues = unknownRuleIds(config, knownIds);
  if (issues.length > 0) throw new ConfigError(file, issues);
}

export function unknownRuleIds(config: DflabConfig, knownIds: readonly string[]): ConfigIssue[] {
  const uses: [string, string[], boolean][] = [
    ['rules.include', config.rules.include, true],
    ['rules.exclude', config.rules.exclude, false],
    ...config.variants.map((v, i): [string, string[], boolean] => [`variants[${i}].rules`, v.rules, false]),
  ];
  return uses.flatMap(([path, ids, selects]) => ids.flatMap((id, i) => {
    const problem = ruleIdProblem(id, knownIds, selects);
    return problem === null ? [] : [{ path: `${path}[${i}]`, message: problem }];
  }));
}
