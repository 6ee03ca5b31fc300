// The images a plan's builds pull FROM, and which variants need each: what `dflab doctor DIR` checks, so it can say
// which variants a missing base would leave `base-unavailable` before a run finds out. Pure.
import { builtStages, expandVariables, globalArgDefaults, parentStage, parseDockerfile } from '../dockerfile/index.js';
import type { PlannedVariant } from './types.js';

export interface BaseImageUse { image: string; variants: string[] }

/**
 * Every external image the variants' builds start a stage FROM (the stages the target builds; ARG defaults and
 * build args expanded), in first-use order. A base dflab cannot expand, `scratch` and earlier stages are left out.
 */
export function baseImageUses(variants: PlannedVariant[], target: string | null, buildArgs: Record<string, string> = {}): BaseImageUse[] {
  const uses = new Map<string, string[]>();
  for (const v of variants) {
    const model = parseDockerfile(v.dockerfile, `${v.name}/Dockerfile`, { target });
    const vars = new Map([...globalArgDefaults(model), ...Object.entries(buildArgs)]);
    for (const stage of builtStages(model)) {
      if (parentStage(model, stage)) continue;
      const expanded = expandVariables(stage.baseImage, vars);
      if (!('value' in expanded) || expanded.value.toLowerCase() === 'scratch') continue;
      const names = uses.get(expanded.value) ?? [];
      if (!names.includes(v.name)) names.push(v.name);
      uses.set(expanded.value, names);
    }
  }
  return [...uses].map(([image, names]) => ({ image, variants: names }));
}
