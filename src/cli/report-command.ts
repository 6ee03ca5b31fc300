// `dflab report OUT`: renders report.md, report.html and patches/ again from OUT/results.json and
// OUT/variants/ alone, optionally ranked by another objective. results.json is left as the run wrote it.
import { join, resolve } from 'node:path';
import { InvalidArgumentError } from 'commander';
import { UserError } from '../errors.js';
import { isObjective, OBJECTIVES, type Objective } from '../rank/index.js';
import { rerenderOutputs } from '../run/outputs.js';
import { readResults } from '../run/results-file.js';

export interface ReportFlags { objective?: Objective; json?: boolean }

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

export function parseObjective(value: string): Objective {
  if (!isObjective(value)) throw new InvalidArgumentError(`expected one of ${OBJECTIVES.join(', ')}`);
  return value;
}
