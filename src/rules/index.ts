// The rule registry: every remedy dflab knows, in the order variants are planned and reported.
import { aptHygiene } from './apt-hygiene.js';
import { baseAlpine } from './base-alpine/index.js';
import { baseDistroless } from './base-distroless/index.js';
import { baseSlim } from './base-slim.js';
import { dockerignore } from './dockerignore/index.js';
import { layerOrder } from './layer-order.js';
import { mergeRuns } from './merge-runs.js';
import { minify } from './minify/index.js';
import { multiStage } from './multi-stage/index.js';
import { onnxRuntime } from './onnx-runtime/index.js';
import { pipCacheMount } from './pip-cache-mount.js';
import { pipNoCache } from './pip-no-cache.js';
import { pruneRequirements } from './prune-requirements/index.js';
import { torchCpu } from './torch-cpu/index.js';
import type { Rule } from './types.js';

export type { Applicability, FileEdit, Project, Rule, RuleEdits } from './types.js';

export const allRules: Rule[] = [baseSlim, baseAlpine, multiStage, baseDistroless, torchCpu, onnxRuntime, pruneRequirements, pipNoCache, pipCacheMount, aptHygiene, mergeRuns, layerOrder, dockerignore, minify];

export function ruleById(id: string): Rule | undefined {
  return allRules.find((r) => r.id === id);
}
