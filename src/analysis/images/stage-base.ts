// What the final stage stands on: its base with ARG defaults read, and the one guard every rule that edits that
// base shares (a stage built on an earlier stage has that stage's base and installs).
import { expandVariables, globalArgDefaults, hasVariables, parentStage, stageByName, type DockerfileModel, type Stage } from '../../dockerfile/index.js';
import { reason, type Reason } from '../../reasons.js';

/** The resolved base of a stage: ARGs read with the defaults of the ARGs before the first FROM (as written when that fails). */
export function resolvedBase(model: DockerfileModel, stage: Stage): string {
  if (!hasVariables(stage.baseImage)) return stage.baseImage;
  const e = expandVariables(stage.baseImage, globalArgDefaults(model));
  return 'value' in e && !hasVariables(e.value) ? e.value : stage.baseImage;
}

/** Why a rule cannot edit the stage's base: it builds on an earlier stage (`FROM builder`, or an ARG whose default names one). */
export function onEarlierStage(model: DockerfileModel, stage: Stage): Reason | null {
  const parent = parentStage(model, stage) ?? stageByName(model, resolvedBase(model, stage), stage.index);
  if (!parent) return null;
  const via = hasVariables(stage.baseImage) ? ` (FROM ${stage.baseImage})` : '';
  return reason('final-stage-on-stage', `the final stage builds on stage ${parent.name}${via}; its base and installs are that stage's`);
}
