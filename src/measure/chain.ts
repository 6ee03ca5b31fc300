// The instructions that make the final image, root first: the target stage, preceded by the stages it is
// built FROM (`FROM builder AS final`), down to the external base image. Pure.
import { finalStage, type DockerfileModel, type Instruction, type Stage } from '../dockerfile/index.js';

export interface StageChain {
  /** The external image the chain starts from ("scratch" included), as written after FROM. */
  baseImage: string;
  /** Non-FROM instructions of the chain's stages, root stage first. */
  instructions: Instruction[];
}

export function finalStageChain(model: DockerfileModel): StageChain {
  const stages = model.stages;
  let stage: Stage | undefined = finalStage(model);
  const parts: Instruction[][] = [];
  const seen = new Set<number>();
  while (stage && !seen.has(stage.index)) {
    seen.add(stage.index);
    parts.unshift(stage.instructions.filter((i) => i.keyword !== 'FROM'));
    const base = stage.baseImage.toLowerCase();
    const parent: Stage | undefined = stages.find((s) => s.index < stage!.index && s.name?.toLowerCase() === base);
    if (!parent) return { baseImage: stage.baseImage, instructions: parts.flat() };
    stage = parent;
  }
  return { baseImage: stage?.baseImage ?? 'scratch', instructions: parts.flat() };
}
