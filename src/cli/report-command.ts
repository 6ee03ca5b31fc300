// `dflab report OUT`: renders report.md, report.html and patches/ again from OUT/results.json and
// OUT/variants/ alone, optionally ranked by another objective. results.json is left as the run wrote it.
import { join, resolve } from 'node:path';
import { EXIT, UserError } from '../errors.js';
import type { Objective } from '../rank/index.js';
import { rerenderOutputs } from '../run/outputs.js';
import { readResults } from '../run/results-file.js';

export interface ReportFlags { objective?: Objective; json?: boolean }

export async function reportCommand(out: string, flags: ReportFlags): Promise<number> {
  const outDir = resolve(out);
  const rendered = await rerenderOutputs(outDir, await readResults(outDir), flags.objective);
  if ('error' in rendered) {
    throw new UserError(`the report could not be rendered (${rendered.error})`, {
      where: outDir, exitCode: EXIT.checkFailed, hint: 'results.json is unchanged; this is likely a dflab bug: please report it with that file',
    });
  }
  const { results, reason, files } = rendered;
  if (flags.json) {
    console.log(JSON.stringify({ outDir, objective: results.objective, recommended: results.recommended, reason, files }, null, 2));
  } else {
    console.log(`${results.recommended ? `recommended: ${results.recommended}` : 'no variant is recommended over the original'} (${reason})`);
    console.log(`report: ${join(outDir, 'report.md')}\nhtml: ${join(outDir, 'report.html')}\npatches: ${files.filter((f) => f.startsWith('patches/')).length} in ${join(outDir, 'patches')}`);
  }
  return EXIT.ok;
}
