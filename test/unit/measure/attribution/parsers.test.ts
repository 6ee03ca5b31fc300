// The package databases attribution reads, on texts shaped like the real files, and the "only it pulls in" graph.
import { describe, expect, it } from 'vitest';
import { parseCondaMeta } from '../../../../src/measure/attribution/conda.js';
import { debGraph, dpkgInfoPackage, ownedPaths, parseDpkgStatus, parseExtendedStates, relationList } from '../../../../src/measure/attribution/dpkg.js';
import { onlyPulledIn } from '../../../../src/measure/attribution/graph.js';
import { metaDirOf, parseRecord, parseRequiresDist, parseRequiresTxt } from '../../../../src/measure/attribution/python.js';
import { attributionWants, attributionWantsKey } from '../../../../src/measure/attribution/wants.js';

const STATUS = `Package: curl
Status: install ok installed
Priority: optional
Installed-Size: 500
Architecture: amd64
Version: 8.14.1-2
Depends: libc6 (>= 2.34), libcurl4t64 (= 8.14.1-2) | libcurl4
Recommends: ca-certificates
Description: command line tool
 for transferring data

Package: libcurl4t64
Status: install ok installed
Installed-Size: 900
Version: 8.14.1-2
Provides: libcurl4 (= 8.14.1-2)
Pre-Depends: libc6:any

Package: removed-one
Status: deinstall ok config-files
Version: 1

Package: libc6
Status: install ok installed
Priority: required
Version: 2.41-12
`;

describe('dpkg', () => {
  it('reads installed stanzas with sizes in bytes, relations as alternatives, essential from priority', () => {
    const pkgs = parseDpkgStatus(STATUS);
    expect(pkgs.map((p) => p.name)).toEqual(['curl', 'libcurl4t64', 'libc6']);
    expect(pkgs[0]).toMatchObject({ version: '8.14.1-2', installedSizeBytes: 512_000, essential: false,
      depends: [['libc6'], ['libcurl4t64', 'libcurl4'], ['ca-certificates']] });
    expect(pkgs[1]).toMatchObject({ provides: ['libcurl4'], depends: [['libc6']] });
    expect(pkgs[2]!.essential).toBe(true);
  });

  it('links an alternative to the installed package or its provider, and drops what is not installed', () => {
    const g = debGraph(parseDpkgStatus(STATUS));
    expect(g.get('curl')).toEqual(['libc6', 'libcurl4t64']);
    expect(debGraph(parseDpkgStatus('Package: a\nDepends: virtual\n\nPackage: b\nProvides: virtual\n')).get('a')).toEqual(['b']);
    expect(relationList('a [amd64] | b:any (>= 1), c')).toEqual([['a', 'b'], ['c']]);
  });

  it('reads .list and .md5sums paths and the package a database file names', () => {
    expect(ownedPaths('/.\n/usr\n/usr/bin/curl\n', 'list')).toEqual(['usr', 'usr/bin/curl']);
    expect(ownedPaths('d41d8cd98f00b204e9800998ecf8427e  usr/bin/curl\n', 'md5sums')).toEqual(['usr/bin/curl']);
    expect(dpkgInfoPackage('var/lib/dpkg/info/libc6:amd64.list')).toEqual({ name: 'libc6', kind: 'list' });
    expect(dpkgInfoPackage('var/lib/dpkg/status.d/tzdata.md5sums')).toEqual({ name: 'tzdata', kind: 'md5sums' });
    expect(dpkgInfoPackage('var/lib/dpkg/info/libc6.postinst')).toBeNull();
    expect(parseExtendedStates('Package: libcurl4t64\nArchitecture: amd64\nAuto-Installed: 1\n\nPackage: curl\nAuto-Installed: 0\n')).toEqual(new Set(['libcurl4t64']));
  });
});

describe('python and conda metadata', () => {
  it('reads RECORD (quoted paths too), Requires-Dist without extras, requires.txt before its sections', () => {
    expect(parseRecord('alpha/__init__.py,sha256=x,10\n"we,ird.py",sha256=y,3\nalpha-1.0.dist-info/RECORD,,\n')).toEqual(['alpha/__init__.py', 'we,ird.py', 'alpha-1.0.dist-info/RECORD']);
    expect(parseRequiresDist('Name: a\nRequires-Dist: NumPy>=1.2\nRequires-Dist: pytest; extra == "test"\nRequires-Dist: typing_extensions; python_version < "3.9"\n\nRequires-Dist: body')).toEqual(['numpy', 'typing-extensions']);
    expect(parseRequiresTxt('requests\nPyYAML>=5\n\n[dev]\npytest\n')).toEqual(['requests', 'pyyaml']);
    expect(metaDirOf('usr/local/lib/python3.13/site-packages/Py_YAML-6.0.2.dist-info')).toEqual({ site: 'usr/local/lib/python3.13/site-packages', name: 'py-yaml', version: '6.0.2', kind: 'dist' });
  });

  it('reads conda-meta files relative to the prefix; a cut or broken json is no package', () => {
    const pkg = parseCondaMeta('opt/conda/conda-meta/zlib-1.3-h1.json', JSON.stringify({ name: 'zlib', version: '1.3', files: ['lib/libz.so.1'], depends: ['libgcc-ng >=12'] }));
    expect(pkg).toEqual({ name: 'zlib', version: '1.3', files: ['opt/conda/lib/libz.so.1'], depends: ['libgcc-ng'] });
    expect(parseCondaMeta('conda-meta/x.json', '{"name": "x", "files": [')).toBeNull();
  });

  it('asks the engine for the databases only, METADATA cut to its headers', () => {
    expect(attributionWants('var/lib/dpkg/info/curl.list')).toBeGreaterThan(1 << 20);
    expect(attributionWants('usr/lib/python3/dist-packages/a-1.dist-info/METADATA')).toBe(64 * 1024);
    expect(attributionWants('usr/lib/python3/dist-packages/a/__init__.py')).toBe(0);
    expect(attributionWants('var/lib/dpkg/info/curl.postinst')).toBe(0);
    // the layer cache's name for this table: derived from it, so an edit of the table never reuses old texts
    expect(attributionWantsKey).toMatch(/^attribution\/[0-9a-f]{12}$/);
  });
});

describe('onlyPulledIn', () => {
  // torch → {libtorch, libsleef, libgomp}; numpy → libgomp too; libsleef ↔ libsleef-data cycle; libc6 everywhere
  const graph = new Map<string, string[]>([
    ['torch', ['libtorch', 'libc6']], ['libtorch', ['libsleef', 'libgomp', 'libc6']], ['libsleef', ['libsleef-data']],
    ['libsleef-data', ['libsleef']], ['numpy', ['libgomp', 'libc6']], ['libgomp', ['libc6']], ['libc6', []], ['orphan', ['libtorch']],
  ]);

  it('counts the packages every path to which goes through X, not those another root also needs', () => {
    const only = onlyPulledIn(graph, new Set(['torch', 'numpy', 'libc6']), ['torch', 'numpy', 'libtorch']);
    expect(only.get('torch')).toEqual([]); // orphan (no root reaches it) counts as a root that also needs libtorch
    const noOrphan = new Map([...graph].filter(([k]) => k !== 'orphan'));
    const only2 = onlyPulledIn(noOrphan, new Set(['torch', 'numpy', 'libc6']), ['torch', 'numpy', 'libtorch']);
    expect(only2.get('torch')).toEqual(['libsleef', 'libsleef-data', 'libtorch']);
    expect(only2.get('libtorch')).toEqual(['libsleef', 'libsleef-data']);
    expect(only2.get('numpy')).toEqual([]); // libgomp is shared with libtorch
  });

  it('treats every package no root reaches as a root: a leftover cycle pins nothing on its members', () => {
    const cycle = new Map<string, string[]>([['a', ['b']], ['b', ['a', 'c']], ['c', []], ['r', ['c']]]);
    const only = onlyPulledIn(cycle, new Set(['r']), ['a', 'b', 'r']);
    expect([only.get('a'), only.get('b'), only.get('r')]).toEqual([[], [], []]);
    expect(onlyPulledIn(cycle, new Set(['a']), ['a', 'b']).get('a')).toEqual(['b']); // r, which no root reaches, is a root and needs c too
  });
});
