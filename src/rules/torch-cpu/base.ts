// torch-cpu's base part. On a base that ships a CUDA torch (pytorch/pytorch …), `pip install torch` from the CPU
// index is "already satisfied" and the CUDA build stays: the final image's root stage moves to a CPU Python base
// of the same Python, which gets the base's torch release from the CPU index first. Where dflab does not know that
// base's Python or releases, or the Dockerfile relies on the base's conda or CUDA tooling, torch-cpu does not
// apply. On NVIDIA's CUDA bases (no torch) the pip part is the variant; the note says the CUDA layers stay.
import { hasVariables, replaceBaseImage, type DockerfileModel, type TextEdit } from '../../dockerfile/index.js';
import type { CpuRebase, CudaBase } from '../../analysis/images/torch-bases.js';
import { needsWorkdir, reliance, type FinalRoot } from '../../analysis/images/torch-root.js';
import { CPU_INDEX } from '../../analysis/python/torch-index.js';
import { reason, type Reason } from '../../reasons.js';

export type Rebase = { edits: TextEdit[]; notes: string[] } | { reason: Reason };

/** The root stage on the CPU Python base with the base's torch release from the CPU index, or why not. */
export function rebaseTorch(model: DockerfileModel, fr: FinalRoot, rule: string): Rebase {
  const tb = fr.torch!;
  const already = `pip install torch from the CPU index would be "already satisfied" there, and the ${tb.build.toUpperCase()} build would stay`;
  if ('why' in tb.rebase) return { reason: reason('torch-base-unknown', `the final image builds on ${tb.shown}, which ships torch: ${already}; ${tb.rebase.why}`) };
  if (hasVariables(fr.root.baseImage)) return { reason: reason('base-arg-not-editable', `the final image builds on ${tb.shown} (FROM ${fr.root.baseImage}), which ships torch: ${already}; the base is made from ARGs, so ${rule} leaves the change of base to you`) };
  const relied = reliance(model, fr);
  if (relied) return { reason: reason('torch-base-relied-on', `the final image builds on ${tb.shown}, which ships torch: ${already}; a CPU Python base has no ${relied.what}, which line ${relied.instr.line} relies on`) };
  const r = tb.rebase;
  const lines = [...(needsWorkdir(model, fr.chain) ? [`WORKDIR ${r.workdir}`] : []), `RUN ${torchInstallCommand(r)}`];
  const from = fr.root.from;
  const edits: TextEdit[] = [replaceBaseImage(model, fr.root.index, r.image), { start: from.end, end: from.end, newText: lines.map((l) => `${from.eol}${l}`).join('') }];
  return { edits, notes: [`the final image's base ${tb.shown} → ${r.image} plus torch ${r.pins.torch}, torchvision ${r.pins.torchvision} and torchaudio ${r.pins.torchaudio} from ${CPU_INDEX} (the base's releases)`, ...r.notes] };
}

export function torchInstallCommand(r: CpuRebase): string {
  return `pip install --no-cache-dir --index-url ${CPU_INDEX} torch==${r.pins.torch} torchvision==${r.pins.torchvision} torchaudio==${r.pins.torchaudio}`;
}

export function cudaNote(cuda: CudaBase): string {
  return `the final image stays on ${cuda.shown} (CUDA ${cuda.flavour}): CPU torch runs there, but the base's CUDA libraries stay in the image; a CPU Python base drops them too (try one through \`bases:\` in dflab.yaml)`;
}
