// The command line's selection: applied over dflab.yaml, recorded in results.json, restored by --resume.
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../src/config/index.js';
import { EXIT } from '../../../src/errors.js';
import { applySelection, recordSelection, restoreSelection, type Choices } from '../../../src/run/selection.js';

const config = () => parseConfig('rules: {include: [base-slim], exclude: [merge-runs]}\nbases: [debian:trixie-slim]\n', 'dflab.yaml');

describe('applySelection', () => {
  it('--rules replaces rules.include, --skip-rules adds to rules.exclude, --bases replaces bases', () => {
    const c = applySelection(config(), { rules: ['pip-no-cache'], skipRules: ['apt-hygiene'], bases: ['python:3.13-slim'] });
    expect(c.rules).toEqual({ include: ['pip-no-cache'], exclude: ['merge-runs', 'apt-hygiene'], force: [], byFlag: { include: true, exclude: ['apt-hygiene'] } }); // rules.force stays dflab.yaml's
    expect(c.bases).toEqual(['python:3.13-slim']);
  });

  it('--rules all selects every rule; all is a variant, not a rule id: beside ids or in --skip-rules it is refused', () => {
    expect(applySelection(config(), { rules: ['all'] }).rules.include).toEqual([]);
    expect(() => applySelection(config(), { skipRules: ['all'] })).toThrow('--skip-rules: "all" is the variant that combines the selected rules, not a rule id; name the rules');
    expect(() => applySelection(config(), { rules: ['all', 'base-slim'] })).toThrow('--rules: "all" already means every rule: give it alone, or rule ids');
  });

  it('a typo in --rules or --skip-rules gets "did you mean", as in dflab.yaml, and lists the known rules', () => {
    expect(() => applySelection(config(), { rules: ['base-slimm'] })).toThrow(expect.objectContaining({
      exitCode: EXIT.usage, message: expect.stringMatching(/^--rules: unknown rule "base-slimm"; did you mean "base-slim"\? known rules: apt-hygiene, base-alpine, /),
      hint: '--rules all (alone) selects every rule',
    }));
    expect(() => applySelection(config(), { skipRules: ['pip-nocache', 'nope'] })).toThrow(/^--skip-rules: unknown rule "pip-nocache"; did you mean "pip-no-cache"\? .*\n--skip-rules: unknown rule "nope"; known rules: /);
    expect(() => applySelection(config(), { rules: ['al'] })).toThrow(/did you mean "all"\?/);
  });

  it('records which choices the command line made, so reasons name the flag', () => {
    expect(applySelection(config(), { rules: ['pip-no-cache'], skipRules: ['apt-hygiene'] }).rules.byFlag).toEqual({ include: true, exclude: ['apt-hygiene'] });
    expect(applySelection(config(), {}).rules.byFlag).toEqual({ include: false, exclude: [] });
  });
});

describe('recordSelection / restoreSelection', () => {
  it('records what the command line chose, null for what it left to dflab.yaml', () => {
    expect(recordSelection({})).toEqual({ rules: null, skipRules: null, bases: null, objective: null, exactCold: false });
  });

  it('--resume gets back exactly the choices the first run made', () => {
    const cases: Choices[] = [
      { selection: { rules: ['base-slim'], skipRules: ['base-alpine'], bases: ['debian:trixie-slim'] }, objective: 'build', exactCold: true },
      { selection: { rules: ['all'] }, objective: { weights: { size: 2, compressed: 0, build: 1 } } },
      { selection: { file: '/p/docker/prod.Dockerfile' } },
      { selection: { service: 'worker', target: 'prod' } },
      { selection: {}, zstd: true },
      {},
    ];
    for (const choices of cases) {
      const recorded = recordSelection(choices);
      expect(recordSelection(restoreSelection(JSON.parse(JSON.stringify(recorded)))), JSON.stringify(choices)).toEqual(recorded);
    }
    expect(restoreSelection(recordSelection(cases[0]!))).toEqual(cases[0]);
    expect(restoreSelection(recordSelection({ zstd: true })).zstd).toBe(true);
  });

  it('a results.json from before selections were recorded restores nothing: dflab.yaml decides', () => {
    expect(restoreSelection(undefined)).toEqual({});
  });
});
