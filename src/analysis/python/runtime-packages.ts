// Which apt packages an image needs at run time, and which only a build needs (compilers, -dev headers, Python's
// build tooling, dev tools, and fetch tools such as git or curl when only build steps use them). A -dev package
// leaves its runtime library behind where Debian's name for it is known.
import { isDevDeb, isPythonToolingDeb } from './python-packages.js';

const COMPILERS = new Set([
  'build-essential', 'gcc', 'g++', 'cpp', 'make', 'cmake', 'ninja-build', 'clang', 'gfortran', 'pkg-config', 'pkgconf', 'autoconf', 'automake',
  'libtool', 'libc6-dev', 'linux-libc-dev', 'dpkg-dev', 'cython3', 'swig', 'bison', 'flex',
]);

/** Tools that fetch sources: build-only when nothing at run time (or in the final stage's own RUNs) uses them. */
export const FETCH_TOOLS: Record<string, string> = { git: 'git', curl: 'curl', wget: 'wget', gnupg: 'gpg', 'openssh-client': 'ssh', mercurial: 'hg', subversion: 'svn', unzip: 'unzip' };

/** Runtime libraries of -dev packages (the same name in bookworm and trixie). */
const RUNTIME_OF_DEV: Record<string, string[]> = {
  'libpq-dev': ['libpq5'], 'libjpeg-dev': ['libjpeg62-turbo'], 'libjpeg62-turbo-dev': ['libjpeg62-turbo'],
  'libmariadb-dev': ['libmariadb3'], 'libmariadb-dev-compat': ['libmariadb3'], 'default-libmysqlclient-dev': ['libmariadb3'],
  'libxml2-dev': ['libxml2'], 'libxslt1-dev': ['libxslt1.1'], 'libyaml-dev': ['libyaml-0-2'], 'libfreetype-dev': ['libfreetype6'],
  'libfreetype6-dev': ['libfreetype6'], 'libopenblas-dev': ['libopenblas0'], 'libblas-dev': ['libblas3'], 'liblapack-dev': ['liblapack3'],
  'libgomp1': ['libgomp1'], 'libmagic-dev': ['libmagic1'], 'libsndfile1-dev': ['libsndfile1'], 'libgmp-dev': ['libgmp10'],
};

/** -dev packages whose runtime library every Python runtime already has (python3 and the python images depend on them). */
const PYTHON_PROVIDES = new Set([
  'libssl-dev', 'libffi-dev', 'zlib1g-dev', 'libbz2-dev', 'liblzma-dev', 'libsqlite3-dev', 'libreadline-dev', 'libncurses-dev',
  'libncurses5-dev', 'libncursesw5-dev', 'uuid-dev', 'libgdbm-dev', 'libdb-dev', 'libexpat1-dev', 'python3-dev', 'libpython3-dev',
]);

export interface PackageSplit {
  /** Packages the final stage installs (in first-seen order). */
  runtime: string[];
  /** Packages left in the builder. */
  buildOnly: string[];
  /** Runtime libraries added for -dev packages: [dev, runtime]. */
  libraries: [string, string][];
  /** -dev packages whose runtime library dflab does not know. */
  unknownDev: string[];
  /** Fetch tools kept because nothing says they are build-only (installed but never run by the Dockerfile). */
  unusedTools: string[];
}

/**
 * Splits the stage's apt packages. `usedAtBuild`/`usedAtRun` name the commands the builder-only steps and the final
 * stage (its RUNs and CMD/ENTRYPOINT/HEALTHCHECK) run.
 */
export function splitPackages(packages: string[], usedAtBuild: Set<string>, usedAtRun: Set<string>): PackageSplit {
  const s: PackageSplit = { runtime: [], buildOnly: [], libraries: [], unknownDev: [], unusedTools: [] };
  const runtime = (p: string) => {
    if (!s.runtime.includes(p)) s.runtime.push(p);
  };
  for (const p of unique(packages)) {
    const tool = FETCH_TOOLS[p];
    if (tool !== undefined) {
      if (usedAtRun.has(tool)) runtime(p);
      else if (usedAtBuild.has(tool)) s.buildOnly.push(p);
      else {
        runtime(p);
        s.unusedTools.push(p);
      }
    } else if (COMPILERS.has(p) || isPythonToolingDeb(p) || isDevDeb(p)) {
      s.buildOnly.push(p);
    } else if (/-dev$/.test(p)) {
      s.buildOnly.push(p);
      const libs = RUNTIME_OF_DEV[p];
      if (libs) for (const l of libs) {
        runtime(l);
        s.libraries.push([p, l]);
      } else if (!PYTHON_PROVIDES.has(p)) s.unknownDev.push(p);
    } else runtime(p);
  }
  if (s.runtime.some((p) => p === 'curl' || p === 'wget' || p === 'git') && !s.runtime.includes('ca-certificates')) s.runtime.unshift('ca-certificates');
  return s;
}

function unique(xs: string[]): string[] {
  return [...new Set(xs)];
}
