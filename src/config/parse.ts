// dflab.yaml text → DflabConfig, in steps: YAML → schema → cross-key checks → normalize.
// Pure: no file I/O (load.ts reads the file).
import { parseDocument } from 'yaml';
import { UserError } from '../errors.js';
import { checkConfig } from './checks.js';
import { ConfigError, describeValue } from './issues.js';
import { normalizeConfig } from './normalize.js';
import { configSchema } from './schema.js';
import type { DflabConfig } from './types.js';
import { issuesFromZod } from './zod-issues.js';

export function parseConfig(text: string, file = 'dflab.yaml'): DflabConfig {
  const raw = parseYaml(text, file);
  if (raw !== null && (typeof raw !== 'object' || Array.isArray(raw))) {
    throw new ConfigError(file, [{ path: '', message: `expected a mapping of settings (key: value), got ${describeValue(raw)}` }]);
  }
  const parsed = configSchema.safeParse(raw ?? {});
  if (!parsed.success) throw new ConfigError(file, issuesFromZod(parsed.error, raw, configSchema));
  const issues = checkConfig(parsed.data);
  if (issues.length > 0) throw new ConfigError(file, issues);
  return normalizeConfig(parsed.data);
}

function parseYaml(text: string, file: string): unknown {
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  // Only the first error: later ones are usually knock-on effects of it.
  const error = doc.errors[0];
  if (error) {
    const pos = error.linePos?.[0];
    const [head = '', ...snippet] = error.message.split('\n');
    const excerpt = snippet.filter((l) => l.trim() !== '').map((l) => `  ${l}`);
    throw new UserError([`invalid YAML: ${head.replace(/ at line \d+, column \d+:$/, '')}`, ...excerpt].join('\n'), {
      where: pos ? `${file}:${pos.line}:${pos.col}` : file,
      hint: 'check the indentation, and quote values that start with @, `, *, & or contain ": "',
    });
  }
  return doc.toJS();
}
