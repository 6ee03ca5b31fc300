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

  it('all: alone in rules.include means every rule; beside ids, in exclude, in a combination or as its name it is refused', () => {
    expect(parseConfig('rules: {include: [all]}').rules.include).toEqual([]);
    expect(() => parseConfig('rules: {include: [all, base-slim]}')).toThrow(expect.objectContaining({ where: 'dflab.yaml: rules.include[0]', message: expect.stringContaining('"all" already means every rule') }));
    expect(unknownRuleIds(parseConfig('rules: {exclude: [all]}\nvariants: [{name: v, rules: [all]}]'), KNOWN).map((i) => i.path)).toEqual(['rules.exclude[0]', 'variants[0].rules[0]']);
    expect(unknownRuleIds(parseConfig('rules: {exclude: [all]}'), KNOWN)[0]!.message).toMatch(/^"all" is the variant that combines the selected rules, not a rule id/);
    expect(() => parseConfig('variants: [{name: all, rules: [base-slim]}]')).toThrow(/"all" is reserved/);
  });
});
