// A Compose file's build entries: the string form and the mapping form, services without build left out.
import { describe, expect, it } from 'vitest';
import { isRemoteContext, parseComposeBuilds } from '../../../src/config/compose.js';

describe('parseComposeBuilds', () => {
  it('reads `build: DIR` and `build: {context, dockerfile, target, args}`, in the file\'s order', () => {
    const text = [
      'services:',
      '  web:',
      '    build: ./web',
      '  db:',
      '    image: postgres:16',
      '  worker:',
      '    build:',
      '      context: worker',
      '      dockerfile: worker.Dockerfile',
      '      target: prod',
      '      args: {PY: "3.13", N: 2}',
      '  cli:',
      '    build:',
      '      args: [MODE=cli, FROM_ENV]',
      '  inline:',
      '    build: {dockerfile_inline: "FROM scratch"}',
    ].join('\n');
    expect(parseComposeBuilds(text, 'compose.yaml')).toEqual([
      { service: 'web', context: './web', dockerfile: 'Dockerfile', args: {} },
      { service: 'worker', context: 'worker', dockerfile: 'worker.Dockerfile', target: 'prod', args: { PY: '3.13', N: '2' } },
      { service: 'cli', context: '.', dockerfile: 'Dockerfile', args: { MODE: 'cli' } },
    ]);
  });

  it('a file without services, or services without build, has no entries', () => {
    expect(parseComposeBuilds('version: "3"\n', 'compose.yaml')).toEqual([]);
    expect(parseComposeBuilds('services:\n  db: {image: postgres}\n', 'compose.yaml')).toEqual([]);
    expect(parseComposeBuilds('', 'compose.yaml')).toEqual([]);
  });

  it('invalid YAML is a usage error with file:line', () => {
    expect(() => parseComposeBuilds('services:\n  web:\n    build: [\n', 'c/compose.yaml')).toThrow(expect.objectContaining({ where: expect.stringMatching(/^c\/compose\.yaml:\d+:\d+$/) }));
  });

  it('knows a remote context from a local one', () => {
    expect(isRemoteContext('https://github.com/a/b.git#main')).toBe(true);
    expect(isRemoteContext('git@github.com:a/b.git')).toBe(true);
    expect(isRemoteContext('./web')).toBe(false);
  });
});
