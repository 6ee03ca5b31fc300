// What in a build needs the CUDA build of torch, so that a CPU-torch variant cannot work: CUDA extensions compiled
// against torch (FORCE_CUDA, TORCH_CUDA_ARCH_LIST, nvcc) and packages that exist only for CUDA torch. And torch
// that `uv pip install` would fetch itself (torch-cpu rewrites pip's installs, not uv's). Pure.
import type { Instruction } from '../../dockerfile/index.js';
import { resolveContextFile } from '../../analysis/python/pip-args.js';
import { readRequirements, requirementName } from '../../analysis/python/requirements.js';
import { TORCH_PACKAGES } from '../../analysis/python/python-packages.js';
import { runScript } from '../../analysis/shell/run-script.js';
import type { Project } from '../types.js';
import { reason, type Reason } from '../../reasons.js';

const CUDA_BUILD = /\bFORCE_CUDA\b|\bTORCH_CUDA_ARCH_LIST\b|\bnvcc\b/;
/** Distributions that build or run only against CUDA torch. */
const CUDA_ONLY = new Set(['flash-attn', 'transformer-engine', 'apex', 'vllm', 'auto-gptq', 'exllamav2', 'causal-conv1d', 'mamba-ssm', 'torch-tensorrt', 'tensorrt']);

/** Why the build needs CUDA torch, or null. */
export function needsCudaTorch(p: Project): Reason | null {
  const model = p.dockerfile;
  const build = model.instructions.find((i) => i.keyword !== 'FROM' && CUDA_BUILD.test(i.raw));
  if (build) return reason('needs-cuda-torch', `line ${build.line} builds CUDA code against torch (${CUDA_BUILD.exec(build.raw)![0]}), which needs the CUDA build of torch`);
  for (const instr of model.instructions) {
    for (const { name, words } of runScript(model, instr)?.commands ?? []) {
      if (!/^(pip[\d.]*|uv|python[\d.]*)$/.test(name) || !words.includes('install')) continue;
      const names = [...words.map((w) => requirementName(w)), ...filesOf(p, instr, words).flatMap((f) => readRequirements(p.files[f]!).map((l) => l.name))];
      const cuda = names.find((n) => n !== null && (CUDA_ONLY.has(n) || /^cupy-cuda/.test(n) || /^nvidia-dali/.test(n)));
      if (cuda) return reason('needs-cuda-torch', `line ${instr.line} installs ${cuda}, which needs the CUDA build of torch`);
    }
  }
  return null;
}

/**
 * `uv pip install` commands that name torch & co.: each is fine only where a CPU torch is installed before it and
 * it asks for no exact release or CUDA build (uv then keeps the installed one). Returns why not, or null.
 */
export function uvTorch(p: Project, cpuTorchBefore: (instr: Instruction) => boolean): Reason | null {
  const model = p.dockerfile;
  for (const instr of model.instructions) {
    for (const { words } of runScript(model, instr)?.commands ?? []) {
      if (words[0] !== 'uv' || words[1] !== 'pip' || words[2] !== 'install') continue;
      const specs = [...words.slice(3), ...filesOf(p, instr, words).flatMap((f) => readRequirements(p.files[f]!).filter((l) => l.kind === 'requirement').map((l) => l.text))]
        .filter((s) => TORCH_PACKAGES.has(requirementName(s) ?? ''));
      if (specs.length === 0) continue;
      const exact = specs.find((s) => /==|\+/.test(s));
      if (exact) return reason('torch-from-uv-pip', `torch comes through uv pip install (${exact}, line ${instr.line}), which torch-cpu does not rewrite`);
      if (words.some((w) => /download\.pytorch\.org|nvidia\.com/.test(w))) return reason('torch-from-uv-pip', `line ${instr.line}: uv pip install names a PyTorch or NVIDIA index for torch, which torch-cpu does not rewrite`);
      if (!cpuTorchBefore(instr)) return reason('torch-from-uv-pip', `torch comes through uv pip install (line ${instr.line}) from PyPI (the CUDA build), and torch-cpu rewrites pip installs only`);
    }
  }
  return null;
}

function filesOf(p: Project, instr: Instruction, words: string[]): string[] {
  const out: string[] = [];
  words.forEach((w, i) => {
    const arg = w === '-r' || w === '--requirement' ? words[i + 1] : /^(?:--requirement=|-r)(.+)$/.exec(w)?.[1];
    const path = arg === undefined ? null : resolveContextFile(p.dockerfile, instr, arg, p.files, p.contextPaths);
    if (path !== null && path in p.files) out.push(path);
  });
  return out;
}
