// The one reader of results.json (`dflab run --resume`, `dflab check OUT`, `dflab report OUT`): read through
// the contract's schema, so a corrupt, newer or hand-broken file is a usage error naming the file and the key.
import { readFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { issuesFromZod } from '../config/zod-issues.js';
import { UserError } from '../errors.js';
import { resultsSchema, SCHEMA_VERSION, type Results } from '../results.js';

export const RESULTS_FILE = 'results.json';
const HINT = 'pass the out dir of a `dflab run` (it holds the results.json dflab wrote)';

export function readResults(outDir: string): Promise<Results> {
  return readResultsFile(join(resolve(outDir), RESULTS_FILE));
}

export async function readResultsFile(file: string): Promise<Results> {
  const text = await readFile(file, 'utf8').catch((e: NodeJS.ErrnoException) => {
    throw new UserError(e.code === 'ENOENT' ? `no ${basename(file)} in ${dirname(file)}` : `cannot read it: ${e.message}`, { ...(e.code === 'ENOENT' ? {} : { where: file }), hint: HINT, cause: e });
  });
  return parseResults(text, file);
}

/** results.json's text → Results; `file` names it in the error. */
export function parseResults(text: string, file: string): Results {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new UserError(`not valid JSON (${(e as Error).message})`, { where: file, hint: HINT });
  }
  const version = typeof data === 'object' && data !== null ? (data as { schemaVersion?: unknown }).schemaVersion : undefined;
  if (typeof version === 'number' && version > SCHEMA_VERSION) {
    throw new UserError(`schemaVersion ${version} is newer than this dflab reads (${SCHEMA_VERSION})`, {
      where: `${file}: schemaVersion`, hint: 'read it with the dflab version that wrote it, or a newer one',
    });
  }
  const parsed = resultsSchema.safeParse(data);
  if (parsed.success) return parsed.data;
  const [first, ...more] = issuesFromZod(parsed.error, data, resultsSchema);
  const others = more.length ? ` (and ${more.length} more problem${more.length > 1 ? 's' : ''})` : '';
  throw new UserError(`${first?.message ?? 'not a dflab results.json'}${others}`, {
    where: first?.path ? `${file}: ${first.path}` : file, hint: HINT,
  });
}
