// onnx-runtime on a base that ships torch: a final stage on that base keeps torch, so "onnxruntime instead of torch"
// would not be what the variant does. The final stage moves to the CPU Python base of the same Python (as torch-cpu
// does, without torch), or the rule does not apply. On NVIDIA's CUDA bases the final stage stays, and the note says
// the CUDA libraries stay with it.
import { hasVariables, type DockerfileModel, type Stage } from '../../dockerfile/index.js';
import type { FinalBase } from '../../analysis/images/final-base.js';
import { finalRoot, needsWorkdir, reliance } from '../../analysis/images/torch-root.js';
import { reason, type Reason } from '../../reasons.js';

export type TorchFinalBase = (FinalBase & { workdir: string | null }) | { reason: Reason } | null;

/** The final stage's base when its own base brings torch; null when it brings none. */
export function torchFinalBase(model: DockerfileModel, stage: Stage): TorchFinalBase {
  const fr = finalRoot(model);
  const tb = fr.torch;
  if (!tb) return null;
  const keeps = `the final stage builds on ${tb.shown}, which ships torch: a final stage on it keeps torch, so onnxruntime would not replace it`;
  if ('why' in tb.rebase) return { reason: reason('torch-base-unknown', `${keeps}; ${tb.rebase.why}`) };
  if (hasVariables(stage.baseImage)) return { reason: reason('base-arg-not-editable', `${keeps}; the base is made from ARGs (FROM ${stage.baseImage}), so onnx-runtime leaves the change of base to you`) };
  const relied = reliance(model, fr);
  if (relied) return { reason: reason('torch-base-relied-on', `${keeps}; a CPU Python base has no ${relied.what}, which line ${relied.instr.line} relies on`) };
  const r = tb.rebase;
  const notes = [`the final stage moves from ${tb.shown} (torch in its layers) to ${r.image}, a CPU Python base of the same Python`, ...r.notes];
  return { edit: null, image: r.image, shown: r.image, lost: null, python: true, notes, workdir: needsWorkdir(model, fr.chain) ? r.workdir : null };
}

/** The note for a final stage that stays on NVIDIA's CUDA base. */
export function cudaStayNote(model: DockerfileModel): string | null {
  const cuda = finalRoot(model).cuda;
  return cuda ? `the final stage stays on ${cuda.shown} (CUDA ${cuda.flavour}): onnxruntime replaces torch & co., but the base's CUDA libraries stay in the image` : null;
}
