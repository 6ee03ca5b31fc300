// dflab.yaml `smoke:` as a list of probes (all must pass; minify keeps what all of them touch), and `minify.keep`.
import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig, smokeProbes } from '../../../src/config/index.js';

describe('smoke as a list', () => {
  it('normalizes every probe; the first is still `smoke`', () => {
    const config = parseConfig('smoke:\n  - http: {port: 8000, path: /health}\n  - http: {port: 8000, path: /report}\n    timeoutSeconds: 30\n  - command: "true"\n');
    expect(smokeProbes(config).map((p) => (p.kind === 'http' ? `${p.path} ${p.timeoutSeconds}` : p.command.join(' ')))).toEqual(['/health 60', '/report 30', 'sh -c true']);
    expect(config.smoke).toEqual(smokeProbes(config)[0]);
  });

  it('one probe stays a list of one', () => {
    expect(smokeProbes(parseConfig('smoke: {command: [python3, -V]}'))).toHaveLength(1);
    expect(smokeProbes(parseConfig(''))).toEqual([]);
  });

  it('names the probe at fault by its index', () => {
    try {
      parseConfig('smoke:\n  - command: "true"\n  - {}\n');
      throw new Error('expected a ConfigError');
    } catch (e) {
      expect((e as ConfigError).issues).toEqual([{ path: 'smoke[1]', message: 'needs either command (a command to run) or http (a probe)' }]);
    }
  });
});

describe('minify.keep', () => {
  it('takes absolute paths in the image', () => {
    expect(parseConfig('minify: {keep: [/app/data, /etc/app.conf]}').minify).toEqual({ keep: ['/app/data', '/etc/app.conf'] });
    expect(parseConfig('').minify).toBeUndefined();
    expect(() => parseConfig('minify: {keep: [data]}')).toThrow(ConfigError);
  });
});
