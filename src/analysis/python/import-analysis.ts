// The output of templates/analyze_imports.py (run by the engine inside the built original image), read into the
// evidence prune-requirements decides with. Pure: the engine hands over stdout.
import { finalStage, stageChain } from '../../dockerfile/index.js';
import { copyEntries, fromContext } from '../stage/copy-sources.js';
import { normalizeName } from './requirements.js';
import { BASE_WORKDIR } from '../stage/stage-env.js';
import type { ImportAnalysis, Project } from '../project.js';

/** The script's file name under templates/. */
export const ANALYZE_IMPORTS_SCRIPT = 'analyze_imports.py';

/**
 * Reads the script's JSON ({distributions, debPackages, unresolved, …}). Throws with what is wrong when stdout is not
 * that object; the caller then plans with `{method: 'fallback-list', keep: []}` and says why.
 */
export function parseImportAnalysis(stdout: string): ImportAnalysis {
  const line = stdout.trim().split('\n').filter((l) => l.trim().startsWith('{')).pop();
  if (line === undefined) throw new Error('the import analysis printed no JSON object');
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (e) {
    throw new Error(`the import analysis printed invalid JSON: ${(e as Error).message}`);
  }
  const o = value as Record<string, unknown>;
  const list = (key: string, required: boolean): string[] | undefined => {
    const v = o[key];
    if (v === undefined && !required) return undefined;
    if (!Array.isArray(v) || !v.every((x) => typeof x === 'string')) throw new Error(`the import analysis's "${key}" is not a list of strings`);
    return v as string[];
  };
  const distributions = list('distributions', true)!;
  const debs = list('debPackages', false);
  const unresolved = list('unresolved', false);
  const heavy = o['heavyBytes'];
  const heavyBytes = heavy && typeof heavy === 'object' && Object.values(heavy).every((v) => typeof v === 'number')
    ? heavy as Record<string, number> : undefined;
  return {
    method: 'import-analysis',
    keep: [...new Set(distributions.map(normalizeName))].sort(),
    ...(debs ? { aptKeep: [...new Set(debs)].sort() } : {}),
    ...(unresolved && unresolved.length ? { unresolved: [...unresolved].sort() } : {}),
    ...(heavyBytes && Object.keys(heavyBytes).length ? { heavyBytes } : {}),
  };
}

/**
 * Where the app's Python sources are in the built original image: the directories the final stage's context
 * COPY/ADDs put .py files in (a file itself when it lands in /), none inside another. The engine passes them to
 * the script. Empty when no .py file is copied from the context, or where they land is unknown (a variable, or
 * the base image's own WORKDIR).
 */
export function appSourcePaths(p: Project): string[] {
  const model = p.dockerfile;
  const found = new Set<string>();
  for (const stage of stageChain(model, finalStage(model))) {
    for (const instr of stage.instructions.filter(fromContext)) {
      for (const e of copyEntries(model, instr, p.contextPaths) ?? []) {
        if (!e.ctx.endsWith('.py') || e.image.startsWith(BASE_WORKDIR)) continue;
        const dir = e.image.slice(0, e.image.lastIndexOf('/'));
        found.add(dir === '' ? e.image : dir);
      }
    }
  }
  const paths = [...found].sort();
  return paths.filter((d) => !paths.some((o) => o !== d && d.startsWith(`${o}/`)));
}
