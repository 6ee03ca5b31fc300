// Planning: rules → variants (pure).
export type { Plan, PlannedVariant, PlanOptions, SkippedRule } from './types.js';
export { planVariants, addVariant } from './plan.js';
export { applyRules, withEdits, type AppliedRules } from './apply.js';
