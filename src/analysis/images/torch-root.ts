// Reading a final image's base for torch: the root stage the final image builds on, the torch or CUDA its base
// brings (torch-bases.ts), whether the Dockerfile relies on that base's conda or CUDA tooling, and whether it
// relies on the base's WORKDIR. What torch-cpu and onnx-runtime need to change a torch-carrying base. Pure.
import { finalStage, parseImageRef, stageByName, type DockerfileModel, type Instruction, type Stage } from '../../dockerfile/index.js';
import { resolvedBase } from './stage-base.js';
import { cudaBaseOf, torchBaseOf, type CudaBase, type TorchBase } from './torch-bases.js';
import { BASE_WORKDIR, workdirAt } from '../stage/stage-env.js';
import { stageChain } from '../../dockerfile/index.js';

/** The final image's root stage and the torch or CUDA its base brings. */
export interface FinalRoot {
  root: Stage;
  /** The stages whose instructions make the final image, root first. */
  chain: Stage[];
  torch: TorchBase | null;
  cuda: CudaBase | null;
}

export function finalRoot(model: DockerfileModel): FinalRoot {
  const chain = stageChain(model, finalStage(model));
  const root = chain[0]!;
  const ref = parseImageRef(resolvedBase(model, root));
  return { root, chain, torch: torchBaseOf(ref), cuda: cudaBaseOf(ref) };
}

const CONDA = /\b(conda|mamba|micromamba)\b|\/opt\/conda\b|\bCONDA_[A-Z_]+/;
const CUDA_TOOLING = /\bnvcc\b|\bCUDA_HOME\b|\/usr\/local\/cuda\b|\bTORCH_CUDA_ARCH_LIST\b|\bFORCE_CUDA\b|\bnvidia-smi\b|\blibcudnn|\bcuda-toolkit\b/;

/** The instruction of the final image (or of a stage it copies from) that relies on the base's conda or CUDA tooling. */
export function reliance(model: DockerfileModel, fr: FinalRoot): { instr: Instruction; what: string } | null {
  const stages = new Set(fr.chain);
  for (const s of fr.chain) for (const i of s.instructions) for (const f of i.flags) if (f.name === 'from' && f.value) {
    const named = stageByName(model, f.value, s.index);
    if (named) for (const c of stageChain(model, named)) stages.add(c);
  }
  for (const s of stages) {
    for (const i of s.instructions.slice(1)) {
      if (CONDA.test(i.raw)) return { instr: i, what: 'conda' };
      if (CUDA_TOOLING.test(i.raw)) return { instr: i, what: 'CUDA tooling' };
    }
  }
  return null;
}

/** Instructions that neither run in nor write to the working directory. */
const NO_PATHS = new Set(['ARG', 'ENV', 'LABEL', 'EXPOSE', 'USER', 'STOPSIGNAL', 'MAINTAINER', 'SHELL']);

/** True when an instruction of the stage runs in, or writes paths relative to, the base's own WORKDIR. */
export function needsWorkdir(model: DockerfileModel, chain: Stage[]): boolean {
  const instrs = chain.flatMap((s) => s.instructions.slice(1));
  const underBase = (i: Instruction) => workdirAt(model, i) === BASE_WORKDIR && (i.keyword !== 'WORKDIR' || !/^["']?\//.test(i.argsText.trim()));
  if (!instrs.some((i) => i.keyword === 'WORKDIR')) return true; // the container starts in the base's WORKDIR
  return instrs.some((i) => !NO_PATHS.has(i.keyword) && underBase(i));
}
