// Semantic check for torch-cpu variants (issue 11, class 3): in the variant, no CUDA wheel index, find-links page,
// `+cuXXX` pin or CUDA-valued build variable is in effect for torch (Dockerfile, requirements files and their
// includes, constraints, PIP_* variables, pyproject sources), the final image does not build on a base that ships
// torch, no conda install brings a CUDA torch, and torch is still installed where the original installed it.
// Its URL and base tests are written apart from the rule's, so a slip in the rule's own reading shows here.
import { finalStage, parseDockerfile, parseImageRef, type DockerfileModel, type Instruction } from '../../../../src/dockerfile/index.js';
import type { Project } from '../../../../src/analysis/project.js';
import { resolvedBase } from '../../../../src/analysis/images/stage-base.js';
import { pipInstalls, requirementFileClosure, resolveContextFile, type PipInstall } from '../../../../src/analysis/python/pip-args.js';
import { readRequirements } from '../../../../src/analysis/python/requirements.js';
import { expandAt } from '../../../../src/analysis/python/torch-index.js';
import { runScript } from '../../../../src/analysis/shell/run-script.js';
import { envSetting } from '../../../../src/analysis/stage/stage-env.js';
import { stageChain } from '../../../../src/dockerfile/index.js';

type Variant = { dockerfile: string; files: Record<string, string | null>; rules?: string[] };

const TORCH = /^(torch|torchvision|torchaudio)$/i;
const NAME = /^\s*["']?([A-Za-z0-9._-]+)/;
const CUDA_URL = /download\.pytorch\.org\/whl\/(?!(nightly\/|test\/)?cpu(\/|$|-))|pypi\.(ngc\.)?nvidia\.com/;
const CPU_URL = /download\.pytorch\.org\/whl\/((nightly|test)\/)?cpu\/?$/;
const CUDA_PIN = /==\s*[^\s,;+]+\+(cu\d+|rocm[\d.]+)\b/;
const TORCH_BASE = /(^|\/)[^/]*pytorch[^/]*(:|$)|^(docker\.io\/)?rocm\/pytorch/;

export function torchCpuCheck(original: Project, variantName: string, variant: Variant): string[] {
  if (!(variant.rules ? variant.rules.includes('torch-cpu') : /torch-cpu/.test(variantName))) return [];
  const model = parseDockerfile(variant.dockerfile);
  const files = mergedFiles(original.files, variant.files);
  const out: string[] = [];
  const installs = pipInstalls(model, files, original.contextPaths);
  const found = installs.map((inst) => torchInstall(model, inst, files, original.contextPaths, out));
  out.push(...pipVariables(model), ...condaTorch(model), ...pyprojectSources(model, files), ...finalBase(model));
  if (installsTorch(original) && found.every((f) => f === 'none')) out.push('torch is no longer installed (the original installed it)');
  return out;
}

/** Violations of one pip install; whether it installs torch, and from the CPU index. */
function torchInstall(model: DockerfileModel, inst: PipInstall, files: Record<string, string>, paths: string[], out: string[]): 'none' | 'cpu' | 'other' {
  const instr = inst.script.instr;
  const where = `line ${instr.line}`;
  const read = (t: string) => expandAt(model, instr, t) ?? t;
  const reqFiles = inst.reqFiles.flatMap((r) => (r.path ? requirementFileClosure(r.path, files) : []));
  const lines = reqFiles.flatMap((f) => readRequirements(files[f]!).map((l) => ({ f, l })));
  const specs = [...inst.targets.map((t) => read(t.word.text)), ...lines.filter(({ l }) => l.kind === 'requirement').map(({ l }) => read(l.text))];
  const torch = specs.filter((s) => TORCH.test(NAME.exec(s)?.[1] ?? ''));
  if (torch.length === 0) return 'none';
  const indexes: { name: string; url: string }[] = [
    ...inst.options.filter((o) => o.value !== null && /^(-i|--index-url|--extra-index-url|-f|--find-links)$/.test(o.name)).map((o) => ({ name: o.name, url: read(o.value!) })),
    ...lines.flatMap(({ f, l }) => {
      const m = l.kind === 'option' ? /^(-i|--index-url|--extra-index-url|-f|--find-links)(?:\s*=\s*|\s+)(\S+)/.exec(l.text) : null;
      return m ? [{ name: `${m[1]} (${f})`, url: read(m[2]!) }] : [];
    }),
  ];
  for (const i of indexes) if (CUDA_URL.test(i.url)) out.push(`${where}: ${i.name} ${i.url} is in effect for torch`);
  for (const s of torch) if (CUDA_PIN.test(s)) out.push(`${where}: ${s} pins a CUDA build`);
  for (const c of constraintFiles(model, instr, inst, files, paths)) {
    for (const l of readRequirements(files[c]!)) if (TORCH.test(l.name ?? '') && CUDA_PIN.test(l.text)) out.push(`${where}: constraints file ${c} pins ${l.text}`);
  }
  const primary = indexes.filter((i) => /^(-i|--index-url)\b/.test(i.name)).pop();
  const cpu = (primary !== undefined && CPU_URL.test(primary.url)) || indexes.some((i) => /extra/.test(i.name) && CPU_URL.test(i.url)) || torch.every((s) => /\+cpu\b/.test(s));
  if (!cpu) out.push(`${where}: torch is installed, but not from the CPU index`);
  return cpu ? 'cpu' : 'other';
}

function constraintFiles(model: DockerfileModel, instr: Instruction, inst: PipInstall, files: Record<string, string>, paths: string[]): string[] {
  return inst.options.filter((o) => (o.name === '-c' || o.name === '--constraint') && o.value !== null)
    .map((o) => resolveContextFile(model, instr, o.value!, files, paths)).filter((p): p is string => p !== null && p in files);
}

/** PIP_INDEX_URL / PIP_EXTRA_INDEX_URL / PIP_FIND_LINKS set to a CUDA index where a pip install runs. */
function pipVariables(model: DockerfileModel): string[] {
  const out: string[] = [];
  for (const instr of model.instructions.filter((i) => i.keyword === 'RUN' && /\bpip\d*(\.\d+)?\b/.test(i.raw))) {
    for (const name of ['PIP_INDEX_URL', 'PIP_EXTRA_INDEX_URL', 'PIP_FIND_LINKS']) {
      const v = envSetting(model, instr, name)?.value;
      if (v && CUDA_URL.test(expandAt(model, instr, v) ?? v)) out.push(`line ${instr.line}: ${name}=${v} is in effect`);
    }
  }
  return out;
}

function condaTorch(model: DockerfileModel): string[] {
  return model.instructions.flatMap((i) => (runScript(model, i)?.commands ?? [])
    .filter((c) => /^(conda|mamba|micromamba)$/.test(c.name) && c.words.some((w) => /^(pytorch|pytorch-cuda)([=<> ]|$)/.test(w)) && !c.words.includes('cpuonly'))
    .map(() => `line ${i.line}: conda installs a CUDA torch`));
}

/** A CUDA torch index in a pyproject.toml that uv or poetry installs from, unless the install asks for a cpu extra. */
function pyprojectSources(model: DockerfileModel, files: Record<string, string>): string[] {
  const cuda = Object.entries(files).filter(([p, t]) => /(^|\/)pyproject\.toml$/.test(p) && /url\s*=\s*["'][^"']*download\.pytorch\.org\/whl\/(cu|rocm)/.test(t));
  if (cuda.length === 0) return [];
  const out: string[] = [];
  for (const i of model.instructions) {
    for (const c of runScript(model, i)?.commands ?? []) {
      const project = (c.words[0] === 'uv' && c.words[1] === 'sync') || (c.words[0] === 'poetry' && c.words[1] === 'install');
      const extra = c.words.findIndex((w) => /^(--extras?|-E)$/.test(w));
      if (project && c.words[extra + 1] !== 'cpu' && !c.words.some((w) => /^(--extras?|-E)=cpu$/.test(w))) out.push(`line ${i.line}: ${c.words.slice(0, 2).join(' ')} reads ${cuda.map(([p]) => p).join(', ')}, which names a CUDA torch index`);
    }
  }
  return out;
}

function finalBase(model: DockerfileModel): string[] {
  const root = stageChain(model, finalStage(model))[0]!;
  const base = resolvedBase(model, root);
  const ref = parseImageRef(base);
  return TORCH_BASE.test(`${ref.registry ? `${ref.registry}/` : ''}${ref.repository}`) ? [`the final image builds on ${base}, which ships torch`] : [];
}

function installsTorch(p: Project): boolean {
  const named = pipInstalls(p.dockerfile, p.files, p.contextPaths).some((inst) => {
    const files = inst.reqFiles.flatMap((r) => (r.path ? requirementFileClosure(r.path, p.files) : []));
    return inst.targets.some((t) => TORCH.test(t.name ?? '')) || files.some((f) => readRequirements(p.files[f]!).some((l) => TORCH.test(l.name ?? '')));
  });
  return named || finalBase(p.dockerfile).length > 0;
}

function mergedFiles(files: Record<string, string>, changed: Record<string, string | null>): Record<string, string> {
  const out = { ...files };
  for (const [p, t] of Object.entries(changed)) {
    if (t === null) delete out[p];
    else out[p] = t;
  }
  return out;
}
