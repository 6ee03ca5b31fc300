// torch-cpu: torch, torchvision and torchaudio from PyTorch's CPU wheel index instead of a CUDA build (PyPI's
// Linux torch wheels pull ~4 GB of CUDA libraries; the CPU wheel is ~190 MB).
//
// Three parts, each in its file: pip installs (pip.ts: CPU index, no CUDA index, find-links page or +cuXXX pin left
// in effect), the final image's base (base.ts: a base that ships CUDA torch is replaced by a CPU Python base, or the
// rule does not apply), and installers it does not rewrite (sources.ts: conda, uv/poetry lock files). Debian's
// python3-torch (apt) is built without CUDA: nothing to do there.
import { aptRuns, packageName } from '../../analysis/packages/apt.js';
import { lines } from '../../analysis/python/pip.js';
import type { Instruction } from '../../dockerfile/index.js';
import type { Project, Rule } from '../types.js';
import { reason, type Reason } from '../../reasons.js';
import { defineRule, type Analysis } from '../define.js';
import { cudaNote, rebaseTorch } from './base.js';
import { finalRoot } from '../../analysis/images/torch-root.js';
import { pipWork, type PipWork } from './pip.js';
import { foreignTorch } from './sources.js';
import { needsCudaTorch, uvTorch } from './needs.js';
import { stageChain } from '../../dockerfile/index.js';

export { CPU_INDEX } from '../../analysis/python/torch-index.js';

export const torchCpu: Rule = defineRule('torch-cpu', 'install torch, torchvision and torchaudio from the CPU-only wheel index instead of the CUDA build', analyse, {
  requires: () => [{ kind: 'cpu-only', subject: 'torch' }],
});

function analyse(p: Project): Analysis {
  const model = p.dockerfile;
  const foreign = foreignTorch(p);
  if (foreign && 'reason' in foreign) return no(foreign.reason);
  const pip = pipWork(p);
  if (pip.refuse) return no(pip.refuse);
  const fr = finalRoot(model);
  const edits = [...pip.edits, ...(foreign?.edits ?? [])];
  const notes = [...pip.notes, ...(foreign?.notes ?? [])];
  let rebased = false;
  const cpuTorchBefore = (instr: Instruction) => stageChain(model, model.stages[instr.stage]!).some((s) => pip.torchStages.has(s.index) || (rebased && s === fr.root));
  if (fr.torch && fr.torch.build !== 'cpu') {
    const rebase = rebaseTorch(model, fr, 'torch-cpu');
    if ('reason' in rebase) return no(rebase.reason);
    edits.push(...rebase.edits);
    notes.unshift(...rebase.notes);
    rebased = true;
  } else if (edits.length === 0 && pip.files.length === 0) {
    return no(uvTorch(p, cpuTorchBefore) ?? nothingToDo(p, pip, fr.torch?.shown ?? null));
  }
  const needs = needsCudaTorch(p) ?? uvTorch(p, cpuTorchBefore);
  if (needs) return no(needs);
  if (fr.cuda) notes.push(cudaNote(fr.cuda));
  if (pip.unknownFiles.length) notes.push(`requirements files not found in the build context: ${pip.unknownFiles.join(', ')} (not checked for torch)`);
  return { ok: true, edits: { dockerfile: edits, files: pip.files, notes } };
}

function nothingToDo(p: Project, pip: PipWork, cpuBase: string | null): Reason {
  if (pip.clean.length) return reason('torch-already-cpu', `torch already comes from the CPU wheel index (${lines(pip.clean)})`);
  if (cpuBase) return reason('torch-base-cpu', `the final image builds on ${cpuBase}, which ships a CPU build of torch already`);
  const apt = aptRuns(p.dockerfile, p.dockerfile.instructions).runs.flatMap((r) => r.apt.filter(({ a }) => a.sub.text === 'install' && a.packages.some((x) => /^python3-torch(vision|audio)?$/.test(packageName(x.text)))).map(() => r.script.instr.line));
  if (apt.length) return reason('torch-from-debian', `torch comes from Debian's python3-torch (${lines(apt)}), which Debian builds without CUDA: it is CPU-only already`);
  const where = pip.installs ? 'no pip install or requirements file it reads names torch, torchvision or torchaudio' : 'no pip install in any RUN';
  const message = pip.unknownFiles.length ? `${where} (requirements files not found in the build context: ${pip.unknownFiles.join(', ')})` : where;
  return reason(pip.installs ? 'no-torch' : 'no-pip-install', message);
}

function no(r: Reason): Analysis {
  return { ok: false, reason: r };
}
