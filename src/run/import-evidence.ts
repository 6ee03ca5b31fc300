// The evidence prune-requirements decides with: templates/analyze_imports.py run inside the built original image.
// Whatever goes wrong, the result is a value: the fixed dev/test/notebook list, with the reason why.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Endpoint } from '../engine/endpoint.js';
import { runPythonScript } from '../engine/python-script.js';
import { appSourcePaths, parseImportAnalysis, ANALYZE_IMPORTS_SCRIPT } from '../analysis/python/import-analysis.js';
import type { DflabConfig } from '../config/index.js';
import { pruneRequirements } from '../rules/prune-requirements/index.js';
import type { ImportAnalysis, Project } from '../rules/types.js';

const SCRIPT_URL = new URL(`../../templates/${ANALYZE_IMPORTS_SCRIPT}`, import.meta.url);
const TIMEOUT_SECONDS = 180;

export const fallback = (reason: string): ImportAnalysis => ({ method: 'fallback-list', keep: [], reason });

/**
 * Whether a run should analyze imports: prune-requirements is selected, the app's Python sources land somewhere
 * known, and the project installs something it could prune (a container run on the original for nothing else).
 */
export function wantsImportAnalysis(project: Project, config: Pick<DflabConfig, 'rules' | 'variants'>): boolean {
  const { include, exclude } = config.rules;
  const selected = (include.length === 0 || include.includes('prune-requirements')) && !exclude.includes('prune-requirements');
  const combined = config.variants.some((v) => v.rules.includes('prune-requirements'));
  return (selected || combined) && appSourcePaths(project).length > 0 && !nothingToPrune(project);
}

/** prune-requirements declines the project whatever imports are seen: no requirements, pip install or python3-* package. */
function nothingToPrune(project: Project): boolean {
  const verdict = pruneRequirements.applies(project);
  return !verdict.applies && verdict.reason.code === 'no-python-dependencies';
}

export async function analyzeImports(project: Project, image: string, runId: string, signal?: AbortSignal, endpoint?: Endpoint): Promise<ImportAnalysis> {
  const paths = appSourcePaths(project);
  if (paths.length === 0) return fallback('no .py file of the app is copied to a known place in the image');
  const script = await readFile(SCRIPT_URL, 'utf8');
  let run;
  try {
    run = await runPythonScript({ image, runId, script, args: paths, timeoutSeconds: TIMEOUT_SECONDS, signal, endpoint });
  } catch (e) {
    return fallback(`could not start it in ${image}: ${(e as Error).message}`);
  }
  if (!run.ok) return fallback(run.reason);
  try {
    return parseImportAnalysis(run.stdout);
  } catch (e) {
    return fallback((e as Error).message);
  }
}

/**
 * One line for the terminal: counts, not the lists (the full lists run to hundreds of characters), and where they
 * are: `importAnalysis` in results.json and logs/import-analysis.txt.
 */
export function summarizeEvidence(a: ImportAnalysis, listPath: string): string {
  if (a.method === 'fallback-list') return `import analysis not used: prune-requirements drops only known dev/test/notebook tools (why: ${listPath})`;
  const parts = [`${a.keep.length} distribution${a.keep.length === 1 ? '' : 's'} needed`];
  if (a.aptKeep?.length) parts.push(`${a.aptKeep.length} Debian package${a.aptKeep.length === 1 ? '' : 's'}`);
  if (a.unresolved?.length) parts.push(`${a.unresolved.length} imported but not installed`);
  return `import analysis: ${parts.join(', ')} (lists: ${listPath})`;
}

/** The whole evidence, for logs/import-analysis.txt. */
export function describeEvidence(a: ImportAnalysis): string {
  if (a.method === 'fallback-list') return `import analysis not used (${a.reason ?? 'did not run'}): prune-requirements drops only known dev/test/notebook tools`;
  const apt = a.aptKeep?.length ? `, Debian packages: ${a.aptKeep.join(' ')}` : '';
  const unresolved = a.unresolved?.length ? `; imported but not installed: ${a.unresolved.join(' ')}` : '';
  return `import analysis: the app needs ${a.keep.length} distribution(s): ${a.keep.join(' ') || 'none'}${apt}${unresolved}`;
}

/** Writes the whole evidence to OUT/logs/import-analysis.txt and returns the terminal's one-line summary of it. */
export async function recordEvidence(a: ImportAnalysis, outDir: string): Promise<string> {
  const file = join(outDir, 'logs', 'import-analysis.txt');
  await mkdir(join(outDir, 'logs'), { recursive: true });
  await writeFile(file, `${describeEvidence(a)}\n`);
  return summarizeEvidence(a, file);
}
