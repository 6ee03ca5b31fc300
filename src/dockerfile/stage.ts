// Stage lookups: a stage by name, which earlier stage (if any) a stage builds FROM, and the chain of stages an
// image is made of. The target stage ("the final stage" rules tune) is target.ts's.
import type { DockerfileModel, Stage } from './model.js';

/** The stage with this name (stage names are case-insensitive), among those before `beforeIndex`. */
export function stageByName(model: DockerfileModel, name: string, beforeIndex = model.stages.length): Stage | null {
  const key = name.toLowerCase();
  return model.stages.find((s) => s.index < beforeIndex && s.name !== null && s.name.toLowerCase() === key) ?? null;
}

/** The earlier stage this stage builds on (`FROM builder AS final`), or null when its base is an image. */
export function parentStage(model: DockerfileModel, stage: Stage): Stage | null {
  return stageByName(model, stage.baseImage, stage.index);
}

/** The stage and the stages it builds FROM, root first (the root's base is an external image or scratch). */
export function stageChain(model: DockerfileModel, stage: Stage): Stage[] {
  const chain = [stage];
  for (let s = parentStage(model, stage); s; s = parentStage(model, s)) chain.unshift(s);
  return chain;
}
