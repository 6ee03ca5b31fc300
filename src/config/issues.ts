// Config problems as values: a key path and what is wrong with it. Many are gathered, then reported
// together in one UserError so the user fixes dflab.yaml in one pass.
import { UserError } from '../errors.js';

export interface ConfigIssue {
  /** Key path such as "smoke.http.port" or "variants[0].rules[1]"; "" for the document itself. */
  path: string;
  message: string;
}

export class ConfigError extends UserError {
  readonly issues: ConfigIssue[];

  constructor(file: string, issues: ConfigIssue[]) {
    const [first, ...rest] = issues;
    const lines = rest.map((i) => `  ${where(file, i.path)}: ${i.message}`);
    super([first?.message ?? 'invalid configuration', ...lines].join('\n'), {
      where: where(file, first?.path ?? ''),
      hint: 'every key in dflab.yaml is optional; the README ("Using it on your project") lists them',
    });
    this.name = 'ConfigError';
    this.issues = issues;
  }
}

function where(file: string, path: string): string {
  return path ? `${file}: ${path}` : file;
}

/** ["smoke", "http", "port"] → "smoke.http.port"; [ "variants", 0, "name"] → "variants[0].name". */
export function formatPath(path: readonly (string | number)[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else if (/^[A-Za-z_][\w-]*$/.test(part)) out += out ? `.${part}` : part;
    else out += `[${JSON.stringify(part)}]`;
  }
  return out;
}

/** A short, single-line rendering of a value for "got …" in messages. */
export function describeValue(value: unknown): string {
  if (value === null || value === undefined) return 'nothing';
  if (Array.isArray(value)) return value.length === 0 ? 'an empty list' : 'a list';
  if (typeof value === 'object') return 'a mapping';
  const text = JSON.stringify(value);
  return text.length > 40 ? `${text.slice(0, 37)}…` : text;
}

/** The closest known name, for "did you mean …" on a typo (edit distance ≤ 2, or ≤ a third of the length). */
export function closest(name: string, known: readonly string[]): string | undefined {
  let best: { key: string; d: number } | undefined;
  for (const key of known) {
    const d = editDistance(name.toLowerCase(), key.toLowerCase());
    if (!best || d < best.d) best = { key, d };
  }
  return best && best.d <= Math.max(2, Math.floor(name.length / 3)) ? best.key : undefined;
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min((prev[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = row;
  }
  return prev[b.length] ?? 0;
}
