// Rule ids are checked by the caller, who knows the rule registry; config does not import rules/.
import { closest, ConfigError, type ConfigIssue } from './issues.js';
import type { DflabConfig } from './types.js';

/** Throws a ConfigError naming every unknown rule id in rules.include/exclude and variants[].rules. */
export function checkRuleIds(config: DflabConfig, knownIds: readonly string[], file = 'dflab.yaml'): void {
  const issues = unknownRuleIds(config, knownIds);
  if (issues.length > 0) throw new ConfigError(file, issues);
}

export function unknownRuleIds(config: DflabConfig, knownIds: readonly string[]): ConfigIssue[] {
  const known = new Set(knownIds);
  const uses: [string, string[]][] = [
    ['rules.include', config.rules.include],
    ['rules.exclude', config.rules.exclude],
    ...config.variants.map((v, i): [string, string[]] => [`variants[${i}].rules`, v.rules]),
  ];
  return uses.flatMap(([path, ids]) => ids.flatMap((id, i) => {
    if (known.has(id)) return [];
    const guess = closest(id, knownIds);
    const hint = guess ? `did you mean "${guess}"? ` : '';
    return [{ path: `${path}[${i}]`, message: `unknown rule "${id}"; ${hint}known rules: ${[...knownIds].sort().join(', ')}` }];
  }));
}
