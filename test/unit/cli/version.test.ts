import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { dflabVersion } from '../../../src/version.js';

describe('dflab --version', () => {
  it('is package.json\'s version', () => {
    const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string };
    expect(dflabVersion()).toBe(pkg.version);
    expect(dflabVersion()).toMatch(/^\d+\.\d+\.\d+/);
  });
});
