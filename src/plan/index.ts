// Planning: rules → variants (pure).
export type { Plan, PlannedVariant, PlanOptions, SkippedRule } from './types.js';
export { planVariants, originalVariant, addVariant, baseVariantName, ALL_VARIANT } from './plan.js';
export { composeRules } from './combine.js';
export { COMPOSE_ORDER, EXCLUSIVE_GROUPS, NOT_CUMULATIVE } from './order.js';
export { applyRules, CHANGES_NOTHING, fileChanges, skippedRule, withEdits, type AppliedRules } from './apply.js';
export { effectiveDockerfile, effectiveInstruction, effectiveKey } from './effective.js';
export { baseImageUses, type BaseImageUse } from './base-images.js';
export { onTopName, planOnTop } from './on-top.js';
