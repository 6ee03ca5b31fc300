import { describe, expect, it } from 'vitest';
import { parseConfig, redactSecrets, resolveBuildArgs } from '../../../src/config/index.js';

describe('secret build args', () => {
  const config = parseConfig('buildArgs: {PY: "3.13"}\nsecretBuildArgs: [PIP_TOKEN]');

  it('takes their values from the environment', () => {
    expect(resolveBuildArgs(config, { PIP_TOKEN: 's3cr3t', OTHER: 'x' })).toEqual({
      args: { PY: '3.13', PIP_TOKEN: 's3cr3t' }, secretValues: ['s3cr3t'],
    });
  });

  it('names (and only names) the ones missing from the environment', () => {
    expect(() => resolveBuildArgs(config, {})).toThrow('secret build args not set in the environment: PIP_TOKEN');
  });

  it('redacts secret values, longest first', () => {
    expect(redactSecrets('--build-arg T=abc123 and abc', ['abc', 'abc123'])).toBe('--build-arg T=*** and ***');
  });
});
