// Escaping for the three contexts user-controlled text (variant names, Dockerfile text, build logs,
// notes) can land in within report.md: Markdown inline text, raw HTML (<details>/<summary>) and
// fenced code. The goal: it always shows as the text it is, never as markup, links or mentions.

const HTML_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** For text inside an HTML block, where Markdown is not processed. */
export function escapeHtml(text: string): string {
  return defuseMentions(text.replace(/[&<>"']/g, (c) => HTML_ENTITIES[c] ?? c));
}

/**
 * GitHub links and notifies @mentions in any text outside code, entities included, so a log line
 * must not reach anyone: a zero-width space after "@" keeps it readable but no longer a mention.
 */
function defuseMentions(text: string): string {
  return text.replace(/(^|[^\w])@(?=[\w-])/g, '$1@\u200B');
}

/**
 * For Markdown inline text (table cells, list items, paragraphs). Newlines become spaces so text
 * cannot leave its table row or list item; "<" and ">" become entities; Markdown punctuation is
 * backslash-escaped; @mentions are defused.
 */
export function escapeMarkdown(text: string): string {
  return defuseMentions(text)
    .replace(/\s*\r?\n\s*/g, ' ')
    // Quotes are harmless outside attributes, and a bare "&&" reads better as itself; only an
    // "&" that would start an entity needs escaping.
    .replace(/&(?=#?[A-Za-z0-9]+;)/g, '&amp;')
    .replace(/[<>]/g, (c) => HTML_ENTITIES[c] ?? c)
    .replace(/[\\`*_[\]|~]/g, (c) => `\\${c}`)
    // A list marker, heading or ordered-list number at the start would become structure.
    .replace(/^([#+=-])/, '\\$1')
    .replace(/^(\d+)([.)])/, '$1\\$2');
}

/**
 * For dflab's own sentences (notes, reasons, explanations), where `backticks` mark code: each such span becomes a
 * code span (GitHub shows it as code, not as escaped backticks), everything else is escaped as Markdown text.
 * In a table cell a pipe ends the cell even inside a code span, so there it is escaped too.
 */
export function escapeProse(text: string): string {
  return splitCode(text).map((part) => (part.code ? codeSpan(part.text).replace(/\|/g, '\\|') : escapeMarkdown(part.text))).join('');
}

/** The same for HTML: code spans as <code>, the rest escaped. */
export function escapeProseHtml(text: string): string {
  return splitCode(text).map((part) => (part.code ? `<code>${escapeHtml(part.text)}</code>` : escapeHtml(part.text))).join('');
}

/** Text cut at balanced single-backtick spans on one line: `a` b `c` → code a, text b, code c. */
function splitCode(text: string): { text: string; code: boolean }[] {
  const parts: { text: string; code: boolean }[] = [];
  let last = 0;
  for (const m of text.matchAll(/`([^`\n]+)`/g)) {
    if (m.index! > last) parts.push({ text: text.slice(last, m.index), code: false });
    parts.push({ text: m[1]!, code: true });
    last = m.index! + m[0].length;
  }
  if (last < text.length) parts.push({ text: text.slice(last), code: false });
  return parts;
}

/** A code span whose delimiter is longer than any backtick run in the text. */
export function codeSpan(text: string): string {
  const flat = text.replace(/\r?\n/g, ' ');
  const ticks = '`'.repeat(longestRun(flat, '`') + 1);
  const pad = flat.startsWith('`') || flat.endsWith('`') ? ' ' : '';
  return `${ticks}${pad}${flat}${pad}${ticks}`;
}

/**
 * A fenced code block whose fence is longer than any backtick run in the content, so no line of
 * the content (say a line of ``` in a Dockerfile heredoc) can close it early.
 */
export function codeBlock(text: string, lang = ''): string {
  const fence = '`'.repeat(Math.max(3, longestRun(text, '`') + 1));
  const body = text.endsWith('\n') ? text : `${text}\n`;
  return `${fence}${lang}\n${body}${fence}`;
}

function longestRun(text: string, char: string): number {
  let longest = 0;
  let run = 0;
  for (const c of text) {
    run = c === char ? run + 1 : 0;
    longest = Math.max(longest, run);
  }
  return longest;
}

/**
 * JSON to embed in a <script> element: "<", ">" and "&" as \u escapes so no "</script>" or "<!--" can
 * end or change the element, and U+2028/U+2029, which older JavaScript parsers take as line ends.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
