// Base images: the slim and alpine siblings of an image, the base a rebuilt final stage runs on, the user a base runs as.
export { alpineSibling, isAlpine } from './alpine-sibling.js';
export { baseImageUser, runUser } from './base-user.js';
export { slimFinalBase, type FinalBase } from './final-base.js';
export { onEarlierStage, resolvedBase } from './stage-base.js';
export { slimSibling, type Sibling, type ToolTier } from './slim-sibling.js';
export { slimTarget, type Found } from './slim-target.js';
