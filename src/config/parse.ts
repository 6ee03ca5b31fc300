// dflab.yaml text → DflabConfig, in steps: YAML → schema → cross-key checks → normalize.
// Pure: no file I/O (load.ts reads the file).
import { parseDocument } from 'yaml';
import { UserError } from '../errors.js';
import { checkConfig, checkSmoke } from './checks.js';
import { ConfigError, describeValue, type ConfigIssue } from './issues.js';
import { normalizeConfig } from './normalize.js';
import { configSchema, probeSchema } from './schema.js';
import type { DflabConfig } from './types.js';
import { issuesFromZod } from './zod-issues.js';

export function parseConfig(text: string, file = 'dflab.yaml'): DflabConfig {
  const raw = parseYaml(text, file);
  if (raw !== null && (typeof raw !== 'object' || Array.isArray(raw))) {
    throw new ConfigError(file, [{ path: '', message: `expected a mapping of settings (key: value), got ${describeValue(raw)}` }]);
  }
  const { rest, list } = splitProbes(raw);
  const parsed = configSchema.safeParse(rest);
  const probes = list.map((smoke) => probeSchema.safeParse({ smoke }));
  const zodIssues = [
    ...(parsed.success ? [] : issuesFromZod(parsed.error, rest, configSchema)),
    ...probes.flatMap((p, i) => (p.success ? [] : issuesFromZod(p.error, { smoke: list[i] }, probeSchema).map((issue) => atProbe(issue, i)))),
  ];
  if (!parsed.success || zodIssues.length > 0) throw new ConfigError(file, zodIssues);
  const okProbes = probes.flatMap((p) => (p.success ? [p.data.smoke] : []));
  const issues = [...checkConfig(parsed.data), ...okProbes.flatMap((p, i) => checkSmoke(p).map((issue) => atProbe(issue, i)))];
  if (issues.length > 0) throw new ConfigError(file, issues);
  return normalizeConfig(parsed.data, list.length ? okProbes : undefined);
}

/** `smoke:` as a list is read item by item; the rest of the config as usual. */
function splitProbes(raw: unknown): { rest: unknown; list: unknown[] } {
  const smoke = (raw as { smoke?: unknown } | null)?.smoke;
  if (!Array.isArray(smoke)) return { rest: raw ?? {}, list: [] };
  const rest = { ...(raw as object) };
  delete (rest as { smoke?: unknown }).smoke;
  if (smoke.length === 0) return { rest: { ...rest, smoke: [] }, list: [] };
  return { rest, list: smoke };
}

function atProbe(issue: ConfigIssue, index: number): ConfigIssue {
  return { ...issue, path: issue.path.replace(/^smoke/, `smoke[${index}]`) };
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
