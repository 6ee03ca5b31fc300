// Just enough TOML for Python manifests (pyproject.toml, Pipfile): tables and their keys, each value as written
// (multi-line arrays, inline tables and multi-line strings joined), with the line it starts on, and the string
// items of an array with their own lines — what dependency lists need to say where each one is declared. Not a
// full TOML parser: values stay text; dotted keys stay one key; arrays of tables are read as tables.

export interface TomlEntry {
  key: string;
  /** The value as written, physical lines joined with "\n", a trailing comment removed. */
  value: string;
  /** 0-based line of the key. */
  line: number;
}

export interface TomlDoc {
  /** Table name ("" before any header, "tool.poetry.dependencies" …) → its entries in file order. */
  tables: Map<string, TomlEntry[]>;
  /** 0-based line of each table's (first) header. */
  headers: Map<string, number>;
}

export function readToml(text: string): TomlDoc {
  const lines = text.split(/\r\n|\r|\n/);
  const doc: TomlDoc = { tables: new Map([['', []]]), headers: new Map() };
  let current = doc.tables.get('')!;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    const header = /^\[\[?\s*([^\]]+?)\s*\]\]?\s*(#.*)?$/.exec(line);
    if (header) {
      const name = header[1]!.split('.').map((p) => unquote(p.trim())).join('.');
      current = doc.tables.get(name) ?? [];
      doc.tables.set(name, current);
      if (!doc.headers.has(name)) doc.headers.set(name, i);
      continue;
    }
    const kv = /^("[^"]*"|'[^']*'|[A-Za-z0-9_.-]+)\s*=\s*(.*)$/.exec(line);
    if (!kv) continue;
    let value = kv[2]!;
    const start = i;
    while (!complete(value) && i + 1 < lines.length) value += `\n${lines[++i]!}`;
    current.push({ key: unquote(kv[1]!), value: stripComment(value).trim(), line: start });
  }
  return doc;
}

/** A table's value for a key, or undefined. */
export function tomlValue(doc: TomlDoc, table: string, key: string): string | undefined {
  return doc.tables.get(table)?.find((e) => e.key === key)?.value;
}

/** The string items at the top level of an array value (`["a", {include-group = "x"}, 'b']`), each with its 0-based line. */
export function stringItems(entry: TomlEntry): { text: string; line: number }[] {
  const out: { text: string; line: number }[] = [];
  const v = entry.value;
  if (!v.startsWith('[')) return out;
  let depth = 0;
  let line = entry.line;
  for (let i = 0; i < v.length; i++) {
    const ch = v[i]!;
    if (ch === '\n') line++;
    else if (ch === '#') while (i + 1 < v.length && v[i + 1] !== '\n') i++;
    else if (ch === '[' || ch === '{') depth++;
    else if (ch === ']' || ch === '}') depth--;
    else if (ch === '"' || ch === "'") {
      const end = closing(v, i);
      if (depth === 1) out.push({ text: unescape(v.slice(i + 1, end), ch), line });
      line += (v.slice(i, end).match(/\n/g) ?? []).length;
      i = end;
    }
  }
  return out;
}

/** A plain string value's text (`"^1.2"` → ^1.2); null for arrays, tables, numbers and booleans. */
export function stringValue(value: string): string | null {
  const q = value[0];
  if (q !== '"' && q !== "'") return null;
  return unescape(value.slice(1, closing(value, 0)), q);
}

/** The value of a key inside an inline table (`{version = "^1", optional = true}` → optional → true). */
export function inlineKey(value: string, key: string): string | null {
  if (!value.startsWith('{')) return null;
  const m = new RegExp(`[{,\\s]${key.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&')}\\s*=\\s*("[^"]*"|'[^']*'|\\[[^\\]]*\\]|[^,}\\s]+)`).exec(value);
  return m ? m[1]! : null;
}

/** True when brackets and braces are balanced and no string is left open (outside strings and comments). */
function complete(value: string): boolean {
  let depth = 0;
  for (let i = 0; i < value.length; i++) {
    const ch = value[i]!;
    if (ch === '#') while (i + 1 < value.length && value[i + 1] !== '\n') i++;
    else if (ch === '[' || ch === '{') depth++;
    else if (ch === ']' || ch === '}') depth--;
    else if (ch === '"' || ch === "'") {
      const end = closing(value, i);
      if (end >= value.length) return false;
      i = end;
    }
  }
  return depth <= 0;
}

/** Index of the quote closing the string that opens at `i` (triple quotes included); value.length when open. */
function closing(value: string, i: number): number {
  const q = value[i]!;
  if (value.startsWith(q.repeat(3), i)) {
    const end = value.indexOf(q.repeat(3), i + 3);
    return end === -1 ? value.length : end + 2;
  }
  for (let j = i + 1; j < value.length; j++) {
    if (q === '"' && value[j] === '\\') j++;
    else if (value[j] === q) return j;
    else if (value[j] === '\n') return value.length;
  }
  return value.length;
}

function stripComment(value: string): string {
  let depth = 0;
  for (let i = 0; i < value.length; i++) {
    const ch = value[i]!;
    if (ch === '"' || ch === "'") i = closing(value, i);
    else if (ch === '[' || ch === '{') depth++;
    else if (ch === ']' || ch === '}') depth--;
    else if (ch === '#' && depth === 0) return value.slice(0, i);
  }
  return value;
}

function unescape(s: string, quote: string): string {
  const body = s.startsWith(quote.repeat(2)) ? s.slice(2, -2) : s;
  return quote === '"' ? body.replace(/\\(["\\])/g, '$1') : body;
}

function unquote(v: string): string {
  return v.trim().replace(/^"(.*)"$|^'(.*)'$/, '$1$2');
}
