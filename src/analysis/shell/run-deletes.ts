// What a RUN leaves behind and what a later RUN deletes, for merge-runs: files deleted in a later layer still
// take space in the earlier one. Heuristic and path-based: a RUN "makes" the paths its commands name (and
// the caches of the package managers it runs); a later RUN "deletes" what rm names and what cleanup
// commands (apt-get clean/purge/autoremove, pip cache purge, npm cache clean …) remove.
import type { RunCommand } from './run-script.js';
import { aptCommand, packageName } from '../packages/apt.js';
import { pipInstallIndex } from '../python/pip.js';
import { withoutRedirections } from './shell.js';
import { globMatch } from './glob.js';

type Made = { paths: string[]; aptPackages: string[]; pipPackages: string[] };

const APT_CACHES = ['/var/lib/apt/lists', '/var/cache/apt'];
/** Options whose value a command reads, not writes. */
const INPUT_OPTIONS = new Set(['-r', '--requirement', '-c', '--constraint']);
/** Commands whose arguments name what they read or remove, not what they leave behind. */
const READERS = new Set(['rm', 'cat', 'ls', 'test', '[', 'echo', 'printf', 'grep', 'sha256sum', 'md5sum', 'cd']);

/** Paths a RUN's commands create or name, and the packages it installs. */
export function madeBy(commands: RunCommand[]): Made {
  const made: Made = { paths: [], aptPackages: [], pipPackages: [] };
  for (const c of commands) {
    const apt = aptCommand(c);
    if (apt && (apt.sub.text === 'update' || apt.sub.text === 'install')) made.paths.push(...APT_CACHES);
    if (apt?.sub.text === 'install') made.aptPackages.push(...apt.packages.map((p) => packageName(p.text)));
    const pip = pipInstallIndex(c);
    if (pip !== -1) {
      if (!c.words.some((w) => w.startsWith('--no-cache-dir'))) made.paths.push('/root/.cache/pip');
      made.pipPackages.push(...c.words.slice(pip + 1).filter((w) => !w.startsWith('-')).map((w) => w.replace(/[<>=!~[;].*$/, '').toLowerCase()));
    }
    if ((c.name === 'npm' && /^(install|i|ci)$/.test(c.words[1] ?? '')) || c.name === 'npx') made.paths.push('/root/.npm');
    if (c.name === 'yarn') made.paths.push('/usr/local/share/.cache/yarn');
    if (/^(conda|mamba|micromamba)$/.test(c.name)) made.paths.push('/opt/conda/pkgs');
    if (!READERS.has(c.name)) made.paths.push(...namedPaths(c));
  }
  return made;
}

/** Paths a command names as what it writes: its arguments, option values, redirection targets, downloads' file names. */
function namedPaths(c: RunCommand): string[] {
  const out: string[] = [];
  const args = withoutRedirections(c.at.slice(1)).map((x) => x.text);
  for (let i = 0; i < args.length; i++) {
    const w = args[i]!;
    if (INPUT_OPTIONS.has(w) || (c.name === 'tar' && /^-?[a-zA-Z]*f$/.test(w))) {
      i++; // an input: requirements, constraints, the archive tar reads
      continue;
    }
    const value = w.startsWith('-') ? (w.includes('=') ? w.slice(w.indexOf('=') + 1) : '') : w;
    if (/^[a-z]+:\/\//i.test(value)) out.push(value.replace(/[?#].*$/, '').replace(/^.*\//, ''));
    else if (value !== '' && !value.includes('$')) out.push(value);
  }
  return [...out, ...redirectTargets(c)];
}

/** The first path (or cleanup) in `later` that removes something `earlier` made; null when none does. */
export function deletedFrom(later: RunCommand[], earlier: Made): string | null {
  for (const c of later) {
    const apt = aptCommand(c);
    if (apt && /^(clean|autoclean)$/.test(apt.sub.text) && earlier.paths.includes('/var/cache/apt')) return `apt-get ${apt.sub.text}`;
    if (apt && /^(purge|remove|autoremove)$/.test(apt.sub.text) && earlier.aptPackages.length > 0) {
      const names = apt.packages.map((p) => packageName(p.text));
      if (apt.sub.text === 'autoremove' || names.some((n) => earlier.aptPackages.includes(n))) return `apt-get ${apt.sub.text}`;
    }
    if (/^pip[\d.]*$/.test(c.name) && c.words[1] === 'cache' && earlier.paths.includes('/root/.cache/pip')) return 'pip cache';
    if (/^pip[\d.]*$/.test(c.name) && c.words[1] === 'uninstall' && c.words.slice(2).some((w) => earlier.pipPackages.includes(w.toLowerCase()))) return 'pip uninstall';
    if (c.name === 'npm' && c.words[1] === 'cache' && earlier.paths.includes('/root/.npm')) return 'npm cache clean';
    if (c.name === 'rm') {
      for (const target of c.words.slice(1).filter((w) => !w.startsWith('-') && !w.includes('$'))) {
        if (earlier.paths.some((made) => removes(target, made))) return `rm ${target}`;
      }
    }
  }
  return null;
}

/** Whether `rm target` removes `made`: the same path, a directory above it, a glob matching it, or (relative paths) the same file name. */
function removes(target: string, made: string): boolean {
  const t = target.replace(/\/(\*|\*\*)?$/, '').replace(/\/+$/, '');
  const m = made.replace(/\/+$/, '');
  if (t === '' || t === '.' || t === '/' || m === '' || m === '.') return false;
  if (!t.startsWith('/') || !m.startsWith('/')) return globMatch(base(t), base(m));
  const parts = m.split('/');
  for (let i = 2; i <= parts.length; i++) if (globMatch(t, parts.slice(0, i).join('/'))) return true;
  return false;
}


function base(p: string): string {
  return p.replace(/^.*\//, '');
}

/** Files a command writes by redirection (`> /tmp/x`, `-o` is read as a plain word). */
function redirectTargets(c: RunCommand): string[] {
  const out: string[] = [];
  c.at.forEach((w, i) => {
    const m = /^\d*>>?(.*)$/.exec(w.text);
    if (m) out.push(m[1] !== '' ? m[1]! : c.at[i + 1]?.text ?? '');
  });
  return out.filter((p) => p !== '' && !p.startsWith('&'));
}
