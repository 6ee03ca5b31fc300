// The Dockerfile model: parse (dockerfile-ast inside, never outside), print byte-exact, edit by ranges.
export type { DockerfileModel, Directive, Flag, Heredoc, Instruction, Range, Stage } from './model.js';
export { parseDockerfile } from './parse.js';
export { printDockerfile } from './print.js';
export { applyEdits, deleteInstruction, insertAfter, insertBefore, replaceBaseImage, replaceInstruction, type TextEdit } from './edit.js';
export { parentStage, stageByName, stageChain } from './stage.js';
export { buildTarget, builderStages, builtStages, describeTarget, finalStage, targetChoice, type TargetChoice, type TargetWhy } from './target.js';
export { fromText, instructionText, renderFlag, renderFlags } from './render.js';
export { expandVariables, globalArgDefaults, hasVariables, type Expansion } from './variables.js';
export { formatImageRef, officialName, parseImageRef, withOfficialName, type ImageRef } from './image-ref.js';
export { parseJsonArray } from './instruction.js';
export { buildChecks, withoutBuildKitDuplicates, type BuildCheckCode, type BuildCheckWarning } from './build-checks.js';
