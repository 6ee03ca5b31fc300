import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../../src/config/index.js';

function issuesOf(text: string) {
  try {
    parseConfig(text);
  } catch (e) {
    if (e instanceof ConfigError) return e.issues;
    throw e;
  }
  throw new Error('expected a ConfigError');
}

describe('dflab.yaml rank.weights', () => {
  it('becomes the ranking objective, with left-out axes at 0', () => {
    expect(parseConfig('rank: {weights: {size: 2, build: 1}}').rank).toEqual({ objective: { weights: { size: 2, compressed: 0, build: 1 } } });
    expect(parseConfig('rank: {objective: build}').rank).toEqual({ objective: 'build' });
  });

  it('reports bad weights with their key path', () => {
    expect(issuesOf('rank: {weights: {size: -1, speed: 1}}')).toEqual([
      { path: 'rank.weights.size', message: 'expected a weight from 0 to 100, got -1' },
      { path: 'rank.weights.speed', message: 'unknown key; expected one of: size, compressed, build' },
    ]);
    expect(issuesOf('rank: {weights: {size: 0}}')).toEqual([{ path: 'rank.weights', message: 'needs at least one weight above 0 (size, compressed or build)' }]);
    expect(issuesOf('rank: {objective: size, weights: {size: 1}}')).toEqual([
      { path: 'rank.weights', message: 'rank.objective is set too; give either an objective or weights, not both' },
    ]);
  });
});
