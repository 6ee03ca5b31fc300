// The instructions that make the final image, root first: the target stage, preceded by the stages it is
// built FROM (`FROM builder AS final`), down to the external base image. Pure.
import { finalStage, stageChain, type DockerfileModel, type Instruction } from '../dockerfile/index.js';

export interface StageChain {
  /** The external image the chain starts from ("scratch" included), as written after FROM. */
  baseImage: string;
  /** Non-FROM instructions of the chain's stages, root stage first. */
  instructions: Instruction[];
}

export function finalStageChain(model: DockerfileModel): StageChain {
  const stages = stageChain(model, finalStage(model));
  return {
    baseImage: stages[0]!.baseImage,
    instructions: stages.flatMap((s) => s.instructions.filter((i) => i.keyword !== 'FROM')),
  };
}
