// The one place config touches the file system: read <dir>/dflab.yaml if it is there.
import { readFile } from 'node:fs/promises';
import { isAbsolute, join, relative } from 'node:path';
import { UserError } from '../errors.js';
import { normalizeConfig } from './normalize.js';
import { parseConfig } from './parse.js';
import type { DflabConfig } from './types.js';

export const CONFIG_FILE_NAME = 'dflab.yaml';

/** A missing dflab.yaml means all defaults (`file` null); a present but invalid one is a UserError. */
export async function loadConfig(dir: string): Promise<{ config: DflabConfig; file: string | null }> {
  const file = join(dir, CONFIG_FILE_NAME);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'ENOENT') return { config: normalizeConfig({}), file: null };
    throw new UserError(`cannot read ${file}: ${err.message}`, { where: file, cause: e });
  }
  return { config: parseConfig(text, displayPath(file)), file };
}

/** Relative to the working directory when that is shorter to read, else absolute. */
function displayPath(file: string): string {
  const rel = relative(process.cwd(), file);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : file;
}
