// File names in git's diff headers, written the way git writes them so `git apply` reads them back:
// C-style quoting for names with quotes, backslashes, control or non-ASCII bytes (git's quote_c_style
// with core.quotePath on); spaces are not quoted (the ---/+++ lines then end in a tab instead).

const ESCAPES: Record<number, string> = { 7: '\\a', 8: '\\b', 9: '\\t', 10: '\\n', 11: '\\v', 12: '\\f', 13: '\\r', 34: '\\"', 92: '\\\\' };

/** "a/" + path, quoted if git would quote it. */
export function gitPath(prefix: 'a/' | 'b/', path: string): string {
  const name = prefix + path;
  const bytes = Buffer.from(name, 'utf8');
  if (!bytes.some(needsQuote)) return name;
  let out = '"';
  for (const byte of bytes) {
    if (!needsQuote(byte)) out += String.fromCharCode(byte);
    else out += ESCAPES[byte] ?? `\\${byte.toString(8).padStart(3, '0')}`;
  }
  return `${out}"`;
}

function needsQuote(byte: number): boolean {
  return byte < 0x20 || byte === 0x22 || byte === 0x5c || byte >= 0x7f;
}

/** Refuses paths a patch applied at the project root must not contain. A bug in the caller, not the user. */
export function assertRelativePath(path: string): void {
  const bad = path === '' || path.startsWith('/') || path.includes('\\') || path.split('/').some((s) => s === '..' || s === '.' || s === '');
  if (bad) throw new Error(`patch path must be relative, with "/" separators and no "." or ".." segments: ${JSON.stringify(path)}`);
}
