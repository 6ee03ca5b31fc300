// The minify variant's pure half: strace output → the paths the app touched; those paths + the image's listing →
// the kept set. Fixtures: a real trace of `sh -c 'cd /usr/lib && python3 -c "import json"'` in python:3.13-slim
// (held start, the hold loop's sleeps traced before the release) and that image's real listing.
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { keepSet, parseListing, pickTools } from '../../../src/measure/minify/keep.js';
import { cString, parseTrace } from '../../../src/measure/minify/trace.js';

const fixture = (name: string) => new URL(`../../fixtures/minify/${name}`, import.meta.url);
const trace = readFileSync(fixture('python-json.strace.txt'), 'utf8');
const listing = parseListing(gunzipSync(readFileSync(fixture('python-3.13-slim.listing.gz'))).toString('utf8'));

describe('parseTrace', () => {
  const facts = parseTrace(trace);

  it('starts at the held shell\'s exec and leaves the hold loop out', () => {
    expect(facts.executed[0]).toBe('/usr/bin/sh'); // found on PATH
    expect(facts.executed).toContain('/usr/bin/python3');
    expect(facts.executed).not.toContain('/usr/bin/sleep');
    expect(facts.paths).not.toContain('/.dflab-hold/go');
  });

  it('keeps successful calls only, relative paths resolved against the directory changed into', () => {
    expect(facts.paths).toContain('/usr/lib/python3.13/json/__init__.py');
    expect(facts.paths).toContain('/usr/lib'); // chdir
    expect(facts.paths).not.toContain('/etc/ld.so.preload'); // ENOENT
    expect(facts.paths.every((p) => p.startsWith('/'))).toBe(true);
  });

  it('joins calls split by another process\'s', () => {
    const split = [
      '1     execve("/app/run", ["run"], 0x1 /* 1 vars */) = 0',
      '7     openat(AT_FDCWD, "/a/b", O_RDONLY <unfinished ...>',
      '8     openat(AT_FDCWD, "/c", O_RDONLY) = -1 ENOENT (No such file or directory)',
      '7     <... openat resumed>)              = 3',
      '9     openat(3, "rel", O_RDONLY) = 4',
      '9     newfstatat(AT_FDCWD, "x", {st_mode=S_IFREG|0644, ...}, 0) = 0',
    ].join('\n');
    expect(parseTrace(split, '/work').paths).toEqual(['/app/run', '/a/b', '/work/x']);
  });

  it('reads strace\'s C escapes', () => {
    expect(cString('"a\\"b\\\\c\\x41\\303\\251"', 0)).toBe('a"b\\cAé');
  });
});

describe('keepSet', () => {
  const kept = keepSet({ traced: parseTrace(trace).paths, listing, workdir: '', keep: [] });

  it('keeps symlinks as themselves with their targets, and every parent directory', () => {
    // /lib -> usr/lib (libc opened as /lib/x86_64-linux-gnu/libc.so.6), /usr/bin/python3 -> python3.13, sh -> dash
    expect(listing.get('/lib')?.type).toBe('l');
    expect(kept).toEqual(expect.arrayContaining(['lib', 'usr', 'usr/lib', 'usr/lib/x86_64-linux-gnu/libc.so.6', 'usr/bin/python3', 'usr/bin/python3.13', 'usr/bin/sh', 'usr/bin/dash']));
    expect(kept).toContain('usr/lib/python3.13/json/decoder.py');
  });

  it('adds the dynamic loader (mapped by the kernel, never opened by the app) and /etc basics', () => {
    expect(kept).toEqual(expect.arrayContaining(['lib64', 'usr/lib64/ld-linux-x86-64.so.2', 'usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2', 'etc/passwd', 'etc/group', 'tmp']));
  });

  it('leaves out what the app never touched', () => {
    expect(kept).not.toContain('usr/lib/python3.13/http/server.py');
    expect(kept).not.toContain('usr/bin/apt-get');
    expect(kept.length).toBeLessThan(listing.size / 10);
  });

  it('minify.keep adds a file, or a directory with all it holds', () => {
    const more = keepSet({ traced: [], listing, workdir: '', keep: ['/usr/lib/python3.13/http'] });
    expect(more).toEqual(expect.arrayContaining(['usr/lib/python3.13/http', 'usr/lib/python3.13/http/server.py']));
  });

  it('resolves an absolute link target from the root, and drops a path the image lacks', () => {
    const l = parseListing(['d', 'opt', '', 'l', 'opt/cur', '/srv/v2', 'd', 'srv', '', 'd', 'srv/v2', '', 'f', 'srv/v2/app.py', '', ''].join('\0'));
    expect(keepSet({ traced: ['/opt/cur/app.py', '/proc/self/maps', '/nope'], listing: l, workdir: '', keep: [] }))
      .toEqual(['opt', 'opt/cur', 'srv', 'srv/v2', 'srv/v2/app.py']);
  });
});

describe('pickTools', () => {
  const rows = (...r: string[][]) => parseListing(`${r.flat().join('\0')}\0`);

  it('finds the shell and GNU tar of a Debian image through its /bin -> usr/bin link', () => {
    // python:3.13-slim: /bin -> usr/bin, /usr/bin/sh -> dash, /usr/bin/tar a file of its own
    expect(pickTools(listing)).toEqual({ shell: '/bin/sh', tar: '/usr/bin/tar' });
  });

  it('declines busybox\'s tar (a link to busybox), and an image without a shell or without tar', () => {
    const busybox = rows(['d', 'bin', ''], ['f', 'bin/busybox', ''], ['l', 'bin/sh', 'busybox'], ['l', 'bin/tar', 'busybox']);
    expect(pickTools(busybox)).toBeNull();
    expect(pickTools(rows(['d', 'usr', ''], ['d', 'usr/bin', ''], ['f', 'usr/bin/tar', '']))).toBeNull(); // distroless-like: no shell
    expect(pickTools(rows(['d', 'bin', ''], ['f', 'bin/sh', '']))).toBeNull();
    expect(pickTools(rows(['d', 'bin', ''], ['f', 'bin/sh', ''], ['f', 'bin/tar', '']))).toEqual({ shell: '/bin/sh', tar: '/bin/tar' });
  });
});
