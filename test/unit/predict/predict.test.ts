// Predictors on synthetic attributions: each says what its variant's edit removes, and nothing it does not.
import { describe, expect, it } from 'vitest';
import type { Attribution, PackageBytes } from '../../../src/measure/attribution/index.js';
import type { PlannedVariant } from '../../../src/plan/index.js';
import { DEFAULT_RATIOS, predictVariant, type PredictFacts } from '../../../src/predict/index.js';
import { recommendsOnly } from '../../../src/predict/apt.js';

const MB = 1_000_000;
const ORIGINAL = `FROM python:3.13
RUN apt-get update && apt-get install -y curl
COPY . /app
RUN pip install -r /app/requirements.txt
`;

function pkg(kind: PackageBytes['kind'], name: string, bytes: number, more: Partial<PackageBytes> = {}): PackageBytes {
  return { kind, name, version: '1', bytes, baseBytes: 0, files: 1, pycacheBytes: 0, inBase: false, root: false, onlyPulls: { names: [], bytes: 0 }, ...more };
}

function attribution(more: Partial<Attribution> = {}): Attribution {
  return {
    image: 'x', sizeBytes: 500 * MB, storedBytes: 500 * MB, attributedBytes: 500 * MB, finalBytes: 500 * MB, otherBytes: 0,
    categories: [
      { category: 'pip-cache', bytes: 40 * MB, files: 10, sourceCount: 1, top: [{ name: '/root/.cache/pip', bytes: 40 * MB, files: 10 }] },
      { category: 'apt-lists', bytes: 20 * MB, files: 5, sourceCount: 1, top: [{ name: '/var/lib/apt', bytes: 20 * MB, files: 5 }] },
    ],
    layers: [{ index: 0, createdBy: 'base', base: true, storedBytes: 300 * MB, wastedBytes: 0, byCategory: { base: 300 * MB } }],
    packages: [], copies: [], waste: [], ...more,
  };
}

const variant = (rules: string[], dockerfile: string, files: PlannedVariant['files'] = [], base?: string): PlannedVariant =>
  ({ name: rules.join('+') || 'original', rules, dockerfile, files, notes: [], requires: [], aliases: [], ...(base ? { base } : {}) });
const facts = (more: Partial<PredictFacts> = {}): PredictFacts => ({ dockerfile: ORIGINAL, files: {}, context: null, bases: new Map(), ...more });

const NO_CACHE = ORIGINAL.replace('pip install', 'pip install --no-cache-dir');
const HYGIENE = ORIGINAL.replace('apt-get install -y curl', 'apt-get install -y --no-install-recommends curl ca-certificates && rm -rf /var/lib/apt/lists/*');

describe('pip-no-cache', () => {
  it("removes pip's cache bytes, compressed by the cache's ratio", () => {
    const p = predictVariant(attribution(), variant(['pip-no-cache'], NO_CACHE), facts());
    expect(p).toMatchObject({ predicted: true, sizeBytes: -40 * MB, compressedBytes: Math.round(-40 * MB * DEFAULT_RATIOS['pip-cache']) });
    if (p.predicted) expect(p.contributors[0]!.what).toContain('/root/.cache/pip');
  });

  it('is not predicted when the variant adds no --no-cache-dir', () => {
    expect(predictVariant(attribution(), variant(['pip-no-cache'], ORIGINAL), facts())).toMatchObject({ predicted: false, reason: { code: 'nothing-predicted' } });
  });
});

describe('apt-hygiene', () => {
  const packages = [
    pkg('deb', 'curl', 1 * MB, { root: true, requires: ['libcurl4'] }),
    pkg('deb', 'libcurl4', 2 * MB, { requires: [] }),
    pkg('deb', 'ca-certificates', 3 * MB, { requires: ['openssl'] }), // recommended by curl, named by the variant
    pkg('deb', 'openssl', 4 * MB, { requires: [] }),
    pkg('deb', 'publicsuffix', 5 * MB, { requires: [] }), // recommended only
    pkg('deb', 'libc6', 0, { inBase: true, root: true, baseBytes: 9 * MB, requires: [] }),
  ];

  it('finds the packages only Recommends brought, through their own Depends', () => {
    expect(recommendsOnly(packages).map((p) => p.name)).toEqual(['publicsuffix', 'openssl', 'ca-certificates']);
  });

  it('removes the lists and the recommends-only packages the variant does not name again', () => {
    const p = predictVariant(attribution({ packages }), variant(['apt-hygiene'], HYGIENE), facts());
    // ca-certificates is named by the variant: it stays, and openssl, which it Depends on, with it
    expect(p).toMatchObject({ predicted: true, sizeBytes: -(20 + 5) * MB });
  });

  it('without --no-install-recommends in the edit, only the lists', () => {
    const onlyLists = ORIGINAL.replace('install -y curl', 'install -y curl && rm -rf /var/lib/apt/lists/*');
    expect(predictVariant(attribution({ packages }), variant(['apt-hygiene'], onlyLists), facts())).toMatchObject({ sizeBytes: -20 * MB });
  });
});

describe('dockerignore', () => {
  const copies = [{ layer: 2, instruction: 'COPY . /app', bytes: 31 * MB, files: 3, matchedBytes: 31 * MB, groups: [
    { path: 'junk/', matched: true, bytes: 30 * MB, files: 1 }, { path: 'app.py', matched: true, bytes: 1 * MB, files: 1 },
  ] }];
  const context = [{ path: 'junk/dump.bin', size: 30 * MB }, { path: 'app.py', size: 1 * MB }, { path: '.git/x', size: 7 }];
  const ignoreJunk = [{ path: '.dockerignore', newText: '.git\njunk/\n' }];

  it('removes the COPY groups the new .dockerignore drops', () => {
    const p = predictVariant(attribution({ copies }), variant(['dockerignore'], ORIGINAL, ignoreJunk), facts({ context }));
    expect(p).toMatchObject({ predicted: true, sizeBytes: -30 * MB, contributors: [{ what: 'junk/ (all of it) from layer 2', bytes: -30 * MB }] });
  });

  it('counts nothing the original .dockerignore already dropped', () => {
    const p = predictVariant(attribution({ copies }), variant(['dockerignore'], ORIGINAL, ignoreJunk), facts({ context, files: { '.dockerignore': 'junk/\n' } }));
    expect(p).toMatchObject({ predicted: true, sizeBytes: 0 });
  });

  it('is not predicted without the context', () => {
    expect(predictVariant(attribution({ copies }), variant(['dockerignore'], ORIGINAL, ignoreJunk), facts())).toMatchObject({ predicted: false, reason: { code: 'context-unknown' } });
  });
});

describe('prune-requirements', () => {
  const packages = [
    pkg('python', 'Jupyter_Core', 10 * MB, { root: true, onlyPulls: { names: ['traitlets'], bytes: 2 * MB } }),
    pkg('python', 'traitlets', 2 * MB),
    pkg('python', 'numpy', 30 * MB, { root: true }),
  ];
  const files = { 'requirements.txt': 'numpy==2.0\njupyter-core>=5\n' };

  it('removes the pruned distributions and what only they pull in', () => {
    const v = variant(['prune-requirements'], ORIGINAL, [{ path: 'requirements.txt', newText: 'numpy==2.0\n' }]);
    expect(predictVariant(attribution({ packages, categories: [] }), v, facts({ files }))).toMatchObject({
      predicted: true, sizeBytes: -12 * MB, contributors: [{ what: 'Jupyter_Core and 1 package only it needs', bytes: -12 * MB }],
    });
  });

  it('with the dependency graph: a pruned package a kept one still pulls in (by Recommends) stays, with what it needs', () => {
    const APT = 'FROM debian:trixie\nRUN apt-get install -y python3-torch python3-pandas python3-sklearn\n';
    const debs = [
      pkg('deb', 'python3-torch', 100 * MB, { root: true, pulls: ['python3-pandas', 'libtorch'] }), // Recommends pandas
      pkg('deb', 'libtorch', 50 * MB, { pulls: [] }),
      pkg('deb', 'python3-pandas', 40 * MB, { root: true, pulls: ['python3-pytz'] }),
      pkg('deb', 'python3-pytz', 1 * MB, { pulls: [] }),
      pkg('deb', 'python3-sklearn', 20 * MB, { root: true, pulls: ['python3-joblib', 'python3-pytz'] }),
      pkg('deb', 'python3-joblib', 5 * MB, { pulls: [] }),
    ];
    const v = variant(['prune-requirements'], APT.replace(' python3-pandas python3-sklearn', ''));
    const p = predictVariant(attribution({ packages: debs, categories: [] }), v, facts({ dockerfile: APT }));
    // sklearn and joblib go; pandas stays (torch recommends it), and so does pytz, which pandas needs.
    expect(p).toMatchObject({ predicted: true, sizeBytes: -25 * MB });
    if (p.predicted) {
      expect(p.contributors.map((c) => [c.what, c.bytes])).toEqual([
        ['python3-sklearn and 1 package only it needs', -25 * MB],
        ['python3-pandas: still pulled in by a package the variant keeps', 0],
      ]);
    }
  });
});

describe('base-slim and base trials', () => {
  const slim = ORIGINAL.replace('FROM python:3.13', 'FROM python:3.13-slim');

  it("adds back the original base's packages the installs pull in that the candidate base lacks", () => {
    const packages = [
      pkg('deb', 'curl', 1 * MB, { root: true, pulls: ['libcurl4', 'libc6'] }),
      pkg('deb', 'libcurl4', 0, { inBase: true, baseBytes: 3 * MB, pulls: ['libssl3'] }),
      pkg('deb', 'libssl3', 0, { inBase: true, baseBytes: 5 * MB, pulls: [] }),
      pkg('deb', 'libc6', 0, { inBase: true, root: true, baseBytes: 9 * MB, pulls: [] }),
      pkg('deb', 'gcc', 0, { inBase: true, root: true, baseBytes: 50 * MB, pulls: [] }), // nothing installed needs it
    ];
    const facts2 = facts({ bases: new Map([['python:3.13-slim', 120 * MB]]), basePackages: new Map([['python:3.13-slim', new Set(['libc6'])]]) });
    const p = predictVariant(attribution({ packages }), variant(['base-slim'], slim), facts2);
    expect(p).toMatchObject({ predicted: true, sizeBytes: -180 * MB + 8 * MB });
    if (p.predicted) expect(p.contributors.map((c) => c.what)).toContain("2 packages of the original's base that python:3.13-slim lacks and the installs pull in again (libssl3, libcurl4)");
  });

  it('without Recommends in the installs, only what Depends reaches comes back', () => {
    const packages = [
      pkg('deb', 'curl', 1 * MB, { root: true, pulls: ['libcurl4', 'ca-certificates'], requires: ['libcurl4'] }),
      pkg('deb', 'libcurl4', 0, { inBase: true, baseBytes: 3 * MB, pulls: [], requires: [] }),
      pkg('deb', 'ca-certificates', 0, { inBase: true, baseBytes: 5 * MB, pulls: [], requires: [] }), // recommended only
    ];
    const bases = new Map([['python:3.13-slim', 120 * MB]]);
    const noRecs = slim.replace('apt-get install -y curl', 'apt-get install -y --no-install-recommends curl');
    expect(predictVariant(attribution({ packages }), variant(['base-slim'], noRecs), facts({ bases, basePackages: new Map([['python:3.13-slim', new Set<string>()]]) })))
      .toMatchObject({ predicted: true, sizeBytes: -180 * MB + 3 * MB });
    expect(predictVariant(attribution({ packages }), variant(['base-slim'], slim), facts({ bases, basePackages: new Map([['python:3.13-slim', new Set<string>()]]) })))
      .toMatchObject({ predicted: true, sizeBytes: -180 * MB + 8 * MB });
  });

  it('is the size difference of the bases', () => {
    const p = predictVariant(attribution(), variant(['base-slim'], slim), facts({ bases: new Map([['python:3.13-slim', 120 * MB]]) }));
    expect(p).toMatchObject({ predicted: true, sizeBytes: -180 * MB });
  });

  it('adds back the base packages the variant installs again', () => {
    const packages = [pkg('deb', 'git', 0, { inBase: true, baseBytes: 20 * MB })];
    const again = slim.replace('COPY', 'RUN apt-get install -y git\nCOPY');
    const p = predictVariant(attribution({ packages }), variant(['base-slim'], again), facts({ bases: new Map([['python:3.13-slim', 120 * MB]]) }));
    expect(p).toMatchObject({ predicted: true, sizeBytes: -160 * MB });
  });

  it("leaves out what the candidate's dpkg path-exclude keeps out: docs of the packages above the base, and of those installed again", () => {
    const packages = [
      pkg('deb', 'curl', 10 * MB, { root: true, shareBytes: { 'usr/share/doc': 2 * MB, 'usr/share/doc/*/copyright': 1000, 'usr/share/man': 1 * MB, 'usr/share/curl': 3 * MB } }),
      pkg('deb', 'git', 0, { inBase: true, baseBytes: 20 * MB, shareBytes: { 'usr/share/locale': 4 * MB, 'usr/share/doc': 1 * MB } }),
    ];
    const again = slim.replace('COPY', 'RUN apt-get install -y git\nCOPY');
    const filters = [
      { include: false, glob: '/usr/share/doc/*' }, { include: true, glob: '/usr/share/doc/*/copyright' },
      { include: false, glob: '/usr/share/man/*' }, { include: false, glob: '/usr/share/locale/*' },
    ];
    const bases = new Map([['python:3.13-slim', 120 * MB]]);
    const p = predictVariant(attribution({ packages }), variant(['base-slim'], again), facts({ bases, baseFilters: new Map([['python:3.13-slim', filters]]) }));
    // −180 MB bases, git back at 20 − 5 MB, curl's doc and man pages (3 MB) gone; its copyright and /usr/share/curl stay
    expect(p).toMatchObject({ predicted: true, sizeBytes: -180 * MB + 15 * MB - 3 * MB });
    if (p.predicted) expect(p.contributors.map((c) => c.what)).toContain("docs, man pages and locales of 1 package installed above the base, which python:3.13-slim's dpkg path-exclude leaves out");
    // without filters (a base that installs everything) nothing is trimmed
    expect(predictVariant(attribution({ packages }), variant(['base-slim'], again), facts({ bases, baseFilters: new Map([['python:3.13-slim', []]]) })))
      .toMatchObject({ predicted: true, sizeBytes: -160 * MB });
  });

  it('is not predicted when the candidate is not local', () => {
    const p = predictVariant(attribution(), variant([], slim, [], 'python:3.13-slim'), facts({ bases: new Map([['python:3.13-slim', null]]) }));
    expect(p).toMatchObject({ predicted: false, reason: { code: 'base-size-unknown' } });
  });
});

describe('combinations and rules without a predictor', () => {
  it('counts a unit two rules remove once', () => {
    const both = NO_CACHE.replace('RUN pip', 'RUN --mount=type=cache,target=/root/.cache/pip pip');
    const p = predictVariant(attribution(), variant(['pip-no-cache', 'pip-cache-mount'], both), facts());
    expect(p).toMatchObject({ predicted: true, sizeBytes: -40 * MB });
  });

  it('leaves torch-cpu unpredicted without local metadata for the CPU wheels, and a rule with no predictor too', () => {
    const torch = [pkg('python', 'torch', 900 * MB, { root: true })];
    expect(predictVariant(attribution({ packages: torch }), variant(['torch-cpu'], ORIGINAL), facts())).toMatchObject({ predicted: false, reason: { code: 'replacement-unsized' } });
    expect(predictVariant(attribution(), variant(['pip-no-cache', 'made-up'], NO_CACHE), facts())).toMatchObject({ predicted: false, reason: { code: 'no-predictor' } });
  });
});

describe('prune-requirements and pip cache', () => {
  const packages = [
    pkg('python', 'chartkit', 10 * MB, { root: true }),
    pkg('python', 'numpy', 30 * MB, { root: true }),
  ];
  const files = { 'requirements.txt': 'numpy==2.0\nchartkit\n' };
  const pruned = variant(['prune-requirements'], ORIGINAL, [{ path: 'requirements.txt', newText: 'numpy==2.0\n' }]);

  it("takes the pruned share of pip's cache with it", () => {
    // 10 of the 40 MB of Python packages: a quarter of the 40 MB cache
    expect(predictVariant(attribution({ packages }), pruned, facts({ files }))).toMatchObject({ predicted: true, sizeBytes: -(10 + 10) * MB });
  });

  it('with pip-no-cache, counts the cache once, whole', () => {
    const both = { ...pruned, rules: ['prune-requirements', 'pip-no-cache'], dockerfile: NO_CACHE };
    expect(predictVariant(attribution({ packages }), both, facts({ files }))).toMatchObject({ predicted: true, sizeBytes: -(10 + 40) * MB });
  });
});

describe('minify', () => {
  const keep = { path: '.dflab-minify.keep', newText: 'app\napp/app.py\nusr/bin/python3\nusr/lib/libpython.so\n' };
  const finalFiles = new Map([['app/app.py', 1 * MB], ['usr/bin/python3', 2 * MB], ['usr/lib/libpython.so', 5 * MB], ['usr/lib/unused.so', 100 * MB]]);

  it('drops every category of the original and keeps the listed files at their final sizes', () => {
    const p = predictVariant(attribution(), variant(['minify'], ORIGINAL, [keep]), facts({ finalFiles }));
    // categories of the synthetic attribution: 60 MB in all; the kept files: 8 MB ('app' is a directory: no bytes)
    expect(p).toMatchObject({ predicted: true, sizeBytes: -60 * MB + 8 * MB });
    if (p.predicted) {
      expect(p.contributors.map((c) => c.what)).toEqual(["the original's 15 files, base and waste included", 'the 3 files the smoke probes touched (4 paths in .dflab-minify.keep)']);
      expect(p.compressedBytes).toBe(Math.round(-40 * MB * DEFAULT_RATIOS['pip-cache'] - 20 * MB * DEFAULT_RATIOS['apt-lists'] + 8 * MB * DEFAULT_RATIOS.other));
    }
  });

  it("is not predicted without the keep list, or without the original's final filesystem", () => {
    expect(predictVariant(attribution(), variant(['minify'], ORIGINAL), facts({ finalFiles }))).toMatchObject({ predicted: false, reason: { code: 'nothing-predicted' } });
    expect(predictVariant(attribution(), variant(['minify'], ORIGINAL, [keep]), facts())).toMatchObject({ predicted: false, reason: { code: 'original-not-attributed' } });
  });
});

describe('coverage', () => {
  it('every rule has a predictor', async () => {
    const { allRules } = await import('../../../src/rules/index.js');
    const { PREDICTORS } = await import('../../../src/predict/index.js');
    expect(allRules.map((r) => r.id).filter((id) => !(id in PREDICTORS))).toEqual([]);
  });
});
