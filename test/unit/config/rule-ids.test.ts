import { describe, expect, it } from 'vitest';
import { checkRuleIds, ConfigError, parseConfig, unknownRuleIds } from '../../../src/config/index.js';

const KNOWN = ['base-slim', 'pip-no-cache', 'apt-hygiene'];

describe('checkRuleIds', () => {
  it('passes when every id is known', () => {
    const config = parseConfig('rules: {include: [base-slim]}\nvariants: [{name: v, rules: [base-slim, pip-no-cache]}]');
    expect(() => checkRuleIds(config, KNOWN)).not.toThrow();
  });

  it('names every unknown id with its key path and a suggestion', () => {
    const config = parseConfig('rules: {include: [base-slim, base-slimm], exclude: [nope]}\nvariants: [{name: v, rules: [pip-nocache]}]');
    expect(unknownRuleIds(config, KNOWN)).toEqual([
      { path: 'rules.include[1]', message: 'unknown rule "base-slimm"; did you mean "base-slim"? known rules: apt-hygiene, base-slim, pip-no-cache' },
      { path: 'rules.exclude[0]', message: 'unknown rule "nope"; known rules: apt-hygiene, base-slim, pip-no-cache' },
      { path: 'variants[0].rules[0]', message: 'unknown rule "pip-nocache"; did you mean "pip-no-cache"? known rules: apt-hygiene, base-slim, pip-no-cache' },
    ]);
    expect(() => checkRuleIds(config, KNOWN, 'x/dflab.yaml')).toThrow(ConfigError);
    expect(() => checkRuleIds(config, KNOWN, 'x/dflab.yaml')).toThrow(expect.objectContaining({ where: 'x/dflab.yaml: rules.include[1]' }));
  });
});
