// Measurements from layer data (pure): wasted space, layer attribution, inventories and diffs, analyze, check thresholds.
export { analyzeImage, type Analysis } from './analysis.js';
export { finalStageChain, type StageChain } from './chain.js';
export { analyzeEfficiency } from './efficiency.js';
export { diffInventories, type ImageDiff } from './image-diff.js';
export { inventoryOf, inventoryOfOverlay, type Inventory } from './inventory.js';
export { attributeLayers, type ChainInstruction } from './layers.js';
export { checkThresholds, growthGates, parseByteSize, parsePercent, thresholdGates, type Gate, type Growth, type Measured, type Thresholds } from './thresholds.js';
