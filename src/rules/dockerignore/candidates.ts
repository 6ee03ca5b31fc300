// What a build context commonly holds that an image never needs, found in the context's paths: version
// control, virtual environments, Python caches, notebooks, node_modules (when the build installs its own),
// data dumps, .env files, Docker build files. Each candidate is a .dockerignore pattern and the unit it
// excludes for a path (the directory or the file), so the rule can check whether the Dockerfile names it.
import type { Unreferenced } from '../../analysis/context/index.js';
import type { Project } from '../types.js';

export interface Candidate {
  /** Heading of its group in the written block. */
  group: string;
  pattern: string;
  /** The directory or file the pattern excludes, for a path it matches. */
  unit: (path: string) => string;
  /** Also kept when the Dockerfile's commands mention the unit's name (a data file a CMD reads …). */
  mention: boolean;
  /** Set when the build needs it anyway (a RUN runs git): the reason. */
  keep?: string;
  /** A comment line written above the pattern (why a guessed file goes). */
  comment?: string;
  /** Set for a large file (or directory of them) nothing references (unreferenced.ts). */
  unreferenced?: Unreferenced;
  /** Kept too when a RUN names it (a path in a build step's arguments): everything but caches and venvs, which builds make their own. */
  namedByRun?: boolean;
}

const CACHES = ['__pycache__', '.pytest_cache', '.mypy_cache', '.ruff_cache', '.ipynb_checkpoints'];
const DATA_DIRS = new Set(['data', 'datasets', 'dataset', 'dumps', 'dump']);
const DATA_EXTENSIONS = ['csv', 'tsv', 'parquet', 'feather', 'h5', 'hdf5', 'npy', 'npz', 'pt', 'pth', 'ckpt', 'safetensors'];
/** Build backends and plugins that take the version from version control (pyproject.toml, setup.cfg, setup.py). */
const SCM_VERSIONS = /setuptools[_-]scm|use_scm_version|hatch[_-]vcs|versioningit|dunamai|\bpbr\b|poetry[_-]dynamic[_-]versioning|setuptools[_-]git[_-]versioning|versioneer|pdm[_-]backend[\s\S]*source\s*=\s*["']scm["']|\[tool\.hatch\.version\][^[]*source\s*=\s*["']vcs["']/;

/** `commands`: the names of the commands the build's RUN steps run (through `sh -c` and the scripts they start). */
export function candidates(p: Project, commands: string[]): Candidate[] {
  const paths = p.contextPaths;
  const out: Candidate[] = [];
  const upTo = (seg: string) => (path: string) => path.split('/').slice(0, path.split('/').indexOf(seg) + 1).join('/');
  const self = (path: string) => path;
  const segments = new Set(paths.flatMap((x) => x.split('/').slice(0, -1)));

  const usesScm = commands.some((c) => /^(git|hg|svn)$/.test(c));
  const scmVersion = Object.entries(p.files).find(([f, text]) => /(^|\/)(pyproject\.toml|setup\.cfg|setup\.py)$/.test(f) && SCM_VERSIONS.test(text))?.[0];
  for (const vcs of ['.git', '.hg', '.svn']) {
    for (const unit of unique(paths.filter((x) => x.split('/').includes(vcs)).map(upTo(vcs)))) {
      const keep = usesScm ? 'a RUN runs git/hg/svn' : scmVersion ? `the version comes from version control (${scmVersion} uses ${SCM_VERSIONS.exec(p.files[scmVersion]!)![0].split(/\s/)[0]})` : undefined;
      out.push({ group: 'version control', pattern: unit, unit: () => unit, mention: false, keep });
    }
  }
  const venvs = unique(paths.flatMap((x) => {
    const m = /^(.*?)\/(pyvenv\.cfg|bin\/activate|Scripts\/activate)$/.exec(x);
    return m ? [m[1]!] : [];
  }));
  for (const v of venvs) out.push({ group: 'virtual environments', pattern: v, unit: () => v, mention: false, namedByRun: false });

  for (const c of CACHES.filter((x) => segments.has(x))) out.push({ group: 'caches', pattern: `**/${c}`, unit: upTo(c), mention: false, namedByRun: false });
  if (paths.some((x) => x.endsWith('.pyc'))) out.push({ group: 'caches', pattern: '**/*.pyc', unit: self, mention: false, namedByRun: false });
  if (paths.some((x) => x.endsWith('.ipynb'))) out.push({ group: 'notebooks', pattern: '**/*.ipynb', unit: self, mention: true });
  if (segments.has('node_modules') && commands.some((c) => /^(npm|yarn|pnpm)$/.test(c))) {
    out.push({ group: 'node_modules (the build installs its own)', pattern: '**/node_modules', unit: upTo('node_modules'), mention: false });
  }

  const packages = new Set(paths.filter((x) => x.endsWith('/__init__.py')).map((x) => x.slice(0, -'/__init__.py'.length)));
  const inPackage = (x: string) => [...packages].some((d) => x.startsWith(`${d}/`));
  for (const dir of [...DATA_DIRS].filter((d) => paths.some((x) => x.startsWith(`${d}/`)))) {
    if (paths.some((x) => x.startsWith(`${dir}/`) && x.endsWith('.py'))) continue; // code, not data
    out.push({ group: 'data dumps', pattern: dir, unit: () => dir, mention: true });
  }
  for (const ext of DATA_EXTENSIONS) {
    const files = paths.filter((x) => x.endsWith(`.${ext}`));
    if (files.length === 0) continue;
    const keep = files.some(inPackage) ? 'a Python package holds such files (package data)' : undefined;
    out.push({ group: 'data dumps', pattern: `**/*.${ext}`, unit: self, mention: true, keep });
  }

  const base = (x: string) => x.replace(/^.*\//, '');
  if (paths.some((x) => base(x) === '.env')) out.push({ group: 'secrets', pattern: '**/.env', unit: self, mention: true });
  if (paths.some((x) => base(x).startsWith('.env.'))) out.push({ group: 'secrets', pattern: '**/.env.*', unit: self, mention: true });
  for (const prefix of ['Dockerfile', 'docker-compose']) {
    const found = paths.filter((x) => base(x).startsWith(prefix));
    if (found.length === 0) continue;
    const pattern = found.every((x) => !x.includes('/')) ? `${prefix}*` : `**/${prefix}*`;
    out.push({ group: 'Docker build files', pattern, unit: self, mention: false });
  }
  return out;
}

function unique(xs: string[]): string[] {
  return [...new Set(xs)];
}
