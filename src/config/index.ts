// dflab.yaml: read, parsed in steps (schema → checks → normalize) into DflabConfig; secrets; rule-id checks.
export { parseConfig } from './parse.js';
export { loadConfig, CONFIG_FILE_NAME } from './load.js';
export { checkRuleIds, unknownRuleIds, ruleIdProblem, ALL_WITH_IDS } from './rule-ids.js';
export { resolveBuildArgs, redactSecrets, type ResolvedBuildArgs } from './secrets.js';
export { ConfigError, type ConfigIssue } from './issues.js';
export { DEFAULTS } from './normalize.js';
export type { BuilderConfig, DflabConfig, SmokeConfig, VariantConfig, OnnxConfig } from './types.js';
export { smokeProbes } from './types.js';
