// What predicts that a stage moved onto Alpine cannot work, found before any edit: Python dependencies with
// manylinux wheels only, Python trees and wheels taken from glibc stages, conda installers, Debian-only tools,
// and pip against Alpine's externally managed python3. Each is a coded reason; base-alpine and the alpine base
// trials decline on them unless dflab.yaml forces the rule (rules.force).
import type { Stage } from '../../dockerfile/index.js';
import { glibcTrees } from '../../analysis/packages/glibc-copies.js';
import { muslBlocker } from '../../analysis/packages/musl-wheels.js';
import { stagePythonDeps } from '../../analysis/packages/python-deps.js';
import { pipInstalls } from '../../analysis/python/pip-args.js';
import { lines } from '../../analysis/python/pip.js';
import { runScript } from '../../analysis/shell/run-script.js';
import { envSetting } from '../../analysis/stage/stage-env.js';
import { reason, type Reason } from '../../reasons.js';
import type { Project } from '../types.js';

/** Commands that exist on Debian only, or manage what only Debian has. */
const DEBIAN_ONLY = new Set([
  'dpkg', 'dpkg-reconfigure', 'dpkg-query', 'dpkg-divert', 'dpkg-architecture', 'apt-key', 'add-apt-repository', 'apt-add-repository',
  'update-alternatives', 'locale-gen', 'localedef', 'update-locale', 'debconf-set-selections', 'gdebi',
]);
const CONDA_COMMANDS = new Set(['conda', 'mamba', 'micromamba']);
const CONDA_INSTALLER = /(Miniconda|Anaconda|Miniforge|Mambaforge)[\w.-]*\.sh|micromamba/i;
/** apt's own repository configuration: writing there adds a Debian repository, which Alpine cannot use. */
const APT_SOURCES = /^\/(etc\/apt\/(sources\.list|keyrings|trusted\.gpg)|usr\/share\/keyrings)/;

export function alpineBlockers(p: Project, stage: Stage, osOnly: boolean): Reason[] {
  return [...commandBlockers(p, stage), ...muslDeps(p, stage), ...glibcCopies(p, stage), ...(osOnly ? externallyManaged(p, stage) : [])];
}

function commandBlockers(p: Project, stage: Stage): Reason[] {
  const debian: string[] = [];
  const conda: string[] = [];
  for (const instr of stage.instructions) {
    for (const cmd of runScript(p.dockerfile, instr)?.commands ?? []) {
      const at = `${cmd.name} (line ${instr.line})`;
      if (DEBIAN_ONLY.has(cmd.name)) debian.push(at);
      else if (cmd.words.some((w) => /\.deb$/.test(w))) debian.push(`${cmd.name} of a .deb package (line ${instr.line})`);
      else if (cmd.name !== 'mkdir' && cmd.words.slice(1).some((w) => APT_SOURCES.test(w.replace(/^\d*>+/, '')))) debian.push(`${cmd.name} writing an apt repository's sources or keys (line ${instr.line})`);
      const installer = cmd.words.find((w) => CONDA_INSTALLER.test(w));
      if (CONDA_COMMANDS.has(cmd.name)) conda.push(at);
      else if (installer) conda.push(`${cmd.name} of ${installer.replace(/^.*\//, '')} (line ${instr.line})`);
    }
  }
  const out: Reason[] = [];
  if (conda.length) out.push(reason('alpine-conda', `conda on Alpine: ${unique(conda).join(', ')} (the Miniconda, Miniforge and micromamba builds and conda's packages are linked against glibc)`));
  if (debian.length) out.push(reason('alpine-debian-only', `Debian-only tools that Alpine lacks: ${unique(debian).join(', ')}`));
  return out;
}

function muslDeps(p: Project, stage: Stage): Reason[] {
  const found = stagePythonDeps(p, stage).flatMap((d) => {
    const why = muslBlocker(d.name);
    return why ? [`${d.name} (${d.where}) ${why}`] : [];
  });
  return found.length ? [reason('alpine-manylinux-only', `pip cannot install on Alpine (musl): ${unique(found).join('; ')}`)] : [];
}

function glibcCopies(p: Project, stage: Stage): Reason[] {
  const trees = glibcTrees(p.dockerfile, stage);
  if (!trees.length) return [];
  const shown = trees.map((t) => `${t.source} from stage ${t.from.name ?? t.from.index} (line ${t.instr.line}: ${t.what})`);
  return [reason('alpine-glibc-tree', `the stage takes Python packages built against glibc, whose compiled modules do not load on musl: ${unique(shown).join('; ')}`)];
}

/** alpine:3's python3 refuses pip installs outside a venv (PEP 668) unless told to break system packages. */
function externallyManaged(p: Project, stage: Stage): Reason[] {
  const model = p.dockerfile;
  const venv = stage.instructions.some((i) => runScript(model, i)?.commands.some((c) => c.name === 'virtualenv' || (c.name === 'uv' && c.words[1] === 'venv') || (c.words[1] === '-m' && c.words[2] === 'venv')));
  if (venv) return [];
  const blocked = pipInstalls(model, p.files, p.contextPaths, [stage]).filter((i) =>
    !i.options.some((o) => o.name === '--break-system-packages' || o.name === '--target' || o.name === '-t' || o.name === '--prefix')
    && !i.cmd.prefix.some((w) => w.text.startsWith('PIP_BREAK_SYSTEM_PACKAGES='))
    && envSetting(model, i.script.instr, 'PIP_BREAK_SYSTEM_PACKAGES') === null);
  if (!blocked.length) return [];
  return [reason('alpine-externally-managed', `alpine:3's python3 is externally managed (PEP 668): the pip install on ${lines(blocked.map((b) => b.script.instr.line))} fails outside a venv without --break-system-packages`)];
}

function unique(xs: string[]): string[] {
  return [...new Set(xs)];
}

/** Bases whose whole stack is glibc-only (CUDA, torch and conda images): nothing on them carries over to Alpine. */
const GLIBC_STACKS = /^(nvidia\/cuda|nvcr\.io\/|pytorch\/pytorch|tensorflow\/tensorflow|continuumio\/|mambaorg\/micromamba|condaforge\/|rocm\/|huggingface\/)/;

export function baseBlocker(base: string): Reason | null {
  return GLIBC_STACKS.test(base.replace(/^docker\.io\//, '')) ? reason('alpine-glibc-base', `${base} ships CUDA, torch or conda builds linked against glibc: on Alpine the stage loses them and cannot install them again`) : null;
}
