// dpkg's path filters as an image holds them: the config files of its final filesystem, in dpkg's order.
import { describe, expect, it } from 'vitest';
import { dpkgPathFilters, filteredOut, parseFilters, shareKey, shareKeySample } from '../../../../src/measure/attribution/dpkg-filters.js';

const SLIM = `# As in the official debian slim images
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude=/usr/share/man/*
path-exclude /usr/share/locale/*
path-include /usr/share/locale/locale.alias
force-unsafe-io
`;

describe('dpkg path filters', () => {
  it('parses exclude and include lines in order, both spellings, nothing else', () => {
    expect(parseFilters(SLIM)).toEqual([
      { include: false, glob: '/usr/share/doc/*' }, { include: true, glob: '/usr/share/doc/*/copyright' },
      { include: false, glob: '/usr/share/man/*' }, { include: false, glob: '/usr/share/locale/*' }, { include: true, glob: '/usr/share/locale/locale.alias' },
    ]);
  });

  it('decides by the last filter that matches, with * crossing /', () => {
    const f = parseFilters(SLIM);
    expect(filteredOut(f, '/usr/share/doc/curl/changelog.Debian.gz')).toBe(true);
    expect(filteredOut(f, '/usr/share/doc/curl/copyright')).toBe(false);
    expect(filteredOut(f, '/usr/share/man/man1/curl.1.gz')).toBe(true);
    expect(filteredOut(f, '/usr/share/locale/locale.alias')).toBe(false);
    expect(filteredOut(f, '/usr/bin/curl')).toBe(false);
    expect(filteredOut(parseFilters('path-exclude /usr/share/[dm]?c/*'), '/usr/share/doc/x')).toBe(true);
  });

  it('reads the config files in name order, and nothing but them', () => {
    const files = new Map([['etc/dpkg/dpkg.cfg.d/b', 'path-include /usr/share/doc/*/copyright\n'], ['etc/dpkg/dpkg.cfg.d/a', 'path-exclude /usr/share/doc/*\n'],
      ['var/lib/dpkg/status', 'path-exclude /nothing\n']]);
    expect(dpkgPathFilters(files)).toEqual([{ include: false, glob: '/usr/share/doc/*' }, { include: true, glob: '/usr/share/doc/*/copyright' }]);
    expect(dpkgPathFilters(new Map())).toEqual([]);
  });

  it('keys package files by their /usr/share directory, copyright files apart', () => {
    expect(shareKey('usr/share/doc/curl/changelog.gz')).toBe('usr/share/doc');
    expect(shareKey('usr/share/doc/curl/copyright')).toBe('usr/share/doc/*/copyright');
    expect(shareKey('usr/share/man/man1/curl.1.gz')).toBe('usr/share/man');
    expect(shareKey('usr/bin/curl')).toBeNull();
    const f = parseFilters(SLIM);
    expect(['usr/share/doc', 'usr/share/doc/*/copyright', 'usr/share/man', 'usr/share/curl'].map((k) => filteredOut(f, shareKeySample(k)))).toEqual([true, false, true, false]);
  });
});
