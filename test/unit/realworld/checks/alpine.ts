// Semantic check for base-alpine (issue 11 class 5): a variant whose final stage moved onto Alpine is never planned
// where the evidence predicts failure, and leaves no Debian package tooling in its final stage. Read from the
// Dockerfiles' text on its own terms (not through the rule's code), so it catches the rule's blind spots:
//   - a manylinux-only distribution (torch, tensorflow, onnxruntime, jaxlib, nvidia-*, or one that needs them) named
//     by a pip install of the final stage or in a manifest the final stage copies in;
//   - a venv, site-packages or pip --prefix/--target tree, or wheels, taken from a Debian/Ubuntu stage;
//   - conda installers or commands in the final stage;
//   - apt-get, apt, dpkg, apt-key, update-alternatives or locale-gen still run in the final stage.
import { finalStage, parseDockerfile, parseImageRef, stageByName, type DockerfileModel, type Stage } from '../../../../src/dockerfile/index.js';
import type { Project } from '../../../../src/analysis/project.js';
import type { VariantUnderCheck } from './index.js';

const MANYLINUX = /^(torch|torchvision|torchaudio|tensorflow(-cpu|-gpu)?|onnxruntime(-gpu)?|jaxlib|triton|nvidia-[a-z0-9-]+|docling|magika|sentence-transformers)$/i;
const DEBIAN_TOOLS = /(^|[\s;&|(`])(apt-get|apt|aptitude|dpkg|apt-key|update-alternatives|locale-gen|add-apt-repository)\s/;
const CONDA = /Miniconda|Anaconda|Miniforge|Mambaforge|micromamba|(^|[\s;&|])(conda|mamba) (install|create|env)/;
const TREE = /(^|\/)(\.?venv|site-packages|dist-packages|install|wheels?)(\/|$)|^\/usr\/local\/?$|^\/opt\/conda|^\/root\/\.local/;

export function alpineCheck(original: Project, _name: string, variant: VariantUnderCheck): string[] {
  const model = parseDockerfile(variant.dockerfile, 'variant');
  const stage = finalStage(model);
  const before = finalStage(original.dockerfile);
  if (!onAlpine(stage.baseImage) || onAlpine(before.baseImage)) return [];
  const forced = original.config?.rules?.force?.includes('base-alpine') ?? false;
  const out: string[] = [];
  const runs = stage.instructions.filter((i) => i.keyword === 'RUN').map((i) => ({ line: i.line, text: runText(i.raw) }));
  for (const r of runs) if (DEBIAN_TOOLS.test(r.text)) out.push(`line ${r.line}: Debian package tooling left in the Alpine stage: ${DEBIAN_TOOLS.exec(r.text)![2]}`);
  if (forced) return out;
  for (const r of runs) if (CONDA.test(r.text)) out.push(`line ${r.line}: conda on Alpine (glibc builds)`);
  for (const name of pythonDeps(original, before)) out.push(`planned on Alpine though ${name} has manylinux wheels only (or needs a package that has)`);
  for (const t of glibcTrees(original.dockerfile, before)) out.push(`planned on Alpine though it takes ${t} from a glibc stage`);
  return out;
}

function onAlpine(image: string): boolean {
  return /(^|\/)alpine(:|$)|-alpine|:alpine/.test(image);
}

/** A RUN's shell text without continuations and comment lines. */
function runText(raw: string): string {
  return raw.split(/\r?\n/).filter((l) => !/^\s*#/.test(l)).join(' ').replace(/\\\s/g, ' ');
}

/** Distribution names the final stage installs: pip/uv arguments, and requirement-style lines or TOML keys/strings of the manifests it copies in. */
function pythonDeps(p: Project, stage: Stage): string[] {
  const found = new Set<string>();
  const copied = new Set(stage.instructions.filter((i) => i.keyword === 'COPY' || i.keyword === 'ADD').flatMap((i) => i.args.slice(0, -1)));
  const wholeContext = [...copied].some((s) => s === '.' || s === './');
  for (const i of stage.instructions.filter((x) => x.keyword === 'RUN')) {
    const text = runText(i.raw);
    if (!/\b(pip3?|uv|poetry|pipenv)\b/.test(text)) continue;
    for (const w of text.split(/\s+/)) {
      const name = w.replace(/^["']|["']$/g, '').replace(/[[=<>~!;].*$/, '');
      if (MANYLINUX.test(name)) found.add(name);
    }
  }
  for (const [path, text] of Object.entries(p.files)) {
    const base = path.replace(/^.*\//, '');
    if (!/requirements|pyproject\.toml|Pipfile/.test(base)) continue;
    if (!wholeContext && ![...copied].some((s) => s.replace(/^\.\//, '').replace(/\/$/, '') === path || s.endsWith(`/${base}`) || s === base || path.startsWith(`${s.replace(/^\.\//, '').replace(/\/$/, '')}/`))) continue;
    for (const line of text.split(/\r?\n/)) {
      if (/^\s*#/.test(line)) continue;
      const m = /^\s*["']?([A-Za-z0-9_.-]+)/.exec(line);
      if (m && MANYLINUX.test(m[1]!) && !/^\s*\[/.test(line)) found.add(m[1]!);
      for (const q of line.matchAll(/["']([A-Za-z0-9_.-]+)\s*(?:[=<>~!;[].*)?["']/g)) if (MANYLINUX.test(q[1]!)) found.add(q[1]!);
    }
  }
  return [...found];
}

/** `COPY --from=stage <tree>` and `--mount=…,from=stage,source=<tree>` from a stage not on Alpine. */
function glibcTrees(model: DockerfileModel, stage: Stage): string[] {
  const out: string[] = [];
  const glibc = (name: string) => {
    let s = stageByName(model, name, stage.index);
    while (s && stageByName(model, s.baseImage, s.index)) s = stageByName(model, s.baseImage, s.index);
    return s !== null && !onAlpine(s.baseImage) && s.baseImage !== 'scratch' && parseImageRef(s.baseImage).repository !== '';
  };
  for (const i of stage.instructions) {
    const from = i.flags.find((f) => f.name === 'from')?.value;
    if (from && (i.keyword === 'COPY' || i.keyword === 'ADD') && glibc(from)) {
      for (const src of i.args.slice(0, -1)) if (TREE.test(src.replace(/["']/g, '')) || venvMadeIn(model, from, src)) out.push(`${src} (line ${i.line})`);
    }
    for (const f of i.flags.filter((x) => x.name === 'mount' && x.value?.includes('from='))) {
      const m = /from=([^,]+)/.exec(f.value!)![1]!;
      const src = /source=([^,]+)/.exec(f.value!)?.[1] ?? '/';
      if (glibc(m) && (TREE.test(src) || venvMadeIn(model, m, src))) out.push(`${src} (line ${i.line})`);
    }
  }
  return out;
}

/** True when the stage makes a venv or an install tree under `src` (uv sync, python -m venv, pip --prefix/--target). */
function venvMadeIn(model: DockerfileModel, name: string, src: string): boolean {
  const s = stageByName(model, name);
  if (!s) return false;
  const dir = src.replace(/["']/g, '').replace(/\/+$/, '');
  let workdir = '/';
  for (const i of s.instructions) {
    if (i.keyword === 'WORKDIR') workdir = i.args[0]!.startsWith('/') ? i.args[0]! : `${workdir}/${i.args[0]}`;
    if (i.keyword !== 'RUN') continue;
    const text = runText(i.raw);
    if (/\buv sync\b/.test(text) && (workdir === dir || workdir.startsWith(`${dir}/`))) return true;
    for (const m of text.matchAll(/(?:-m venv|virtualenv|--prefix[= ]|--target[= ]|-t )\s*["']?([^\s"']+)/g)) {
      const path = m[1]!.startsWith('/') ? m[1]! : `${workdir}/${m[1]}`;
      if (path === dir || path.startsWith(`${dir}/`) || dir.startsWith(`${path}/`)) return true;
    }
  }
  return false;
}
