// `dflab report OUT`: renders report.md, report.html and patches/ again from OUT/results.json and
// OUT/variants/ alone, optionally ranked by another objective. results.json is left as the run wrote it.
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { InvalidArgumentError } from 'commander';
import { UserError } from '../errors.js';
import { isObjective, OBJECTIVES, type Objective } from '../rank/index.js';
import type { Results } from '../results.js';
import { rerenderOutputs } from '../run/outputs.js';

export interface ReportFlags { objective?: Objective; json?: boolean }

/** Variant names become file names under OUT: refuse anything that could leave it. */
const SAFE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

export async function reportCommand(out: string, flags: ReportFlags): Promise<number> {
  const outDir = resolve(out);
  const results = await readResults(outDir);
  const rendered = await rerenderOutputs(outDir, results, flags.objective);
  const written = [...rendered.files.keys()].sort();
  if (flags.json) {
    console.log(JSON.stringify({ outDir, objective: rendered.results.objective, recommended: rendered.results.recommended, reason: rendered.reason, files: written }, null, 2));
  } else {
    console.log(`${rendered.results.recommended ? `recommended: ${rendered.results.recommended}` : 'no variant is recommended over the original'} (${rendered.reason})`);
    console.log(`report: ${join(outDir, 'report.md')}\nhtml: ${join(outDir, 'report.html')}\npatches: ${written.filter((f) => f.startsWith('patches/')).length} in ${join(outDir, 'patches')}`);
  }
  return 0;
}

async function readResults(outDir: string): Promise<Results> {
  const file = join(outDir, 'results.json');
  const text = await readFile(file, 'utf8').catch(() => {
    throw new UserError(`no results.json in ${outDir}`, { hint: 'pass the out dir of a `dflab run` (it holds results.json and variants/)' });
  });
  let results: Results;
  try {
    results = JSON.parse(text) as Results;
  } catch (e) {
    throw new UserError(`${file} is not valid JSON: ${(e as Error).message}`, { where: file });
  }
  if (results.schemaVersion !== 1 || !Array.isArray(results.variants)) {
    throw new UserError(`${file} is not a dflab results.json (schemaVersion 1 with variants)`, { where: file });
  }
  const bad = results.variants.find((v) => !SAFE_NAME.test(v.name) || typeof v.dockerfile !== 'string' || v.dockerfile.split('/').includes('..'));
  if (bad) throw new UserError(`${file}: variant ${JSON.stringify(bad.name)} has a name or path dflab does not write`, { where: file });
  return results;
}

export function parseObjective(value: string): Objective {
  if (!isObjective(value)) throw new InvalidArgumentError(`expected one of ${OBJECTIVES.join(', ')}`);
  return value;
}
