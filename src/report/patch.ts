// A git-style unified diff for a set of file changes, applied with `git apply` at the project root.
// The hunks come from the `diff` package; only git's per-file headers are written here.
import { createHash } from 'node:crypto';
import { formatPatch, OMIT_HEADERS, structuredPatch } from 'diff';
import { assertRelativePath, gitPath } from './git-path.js';

export interface FileChange {
  /** Relative to the project root, "/"-separated. */
  path: string;
  /** null: the file does not exist before (a new file). */
  oldText: string | null;
  /** null: the file is deleted. */
  newText: string | null;
}

/** git's own context size, so patches look like `git diff` output. */
const CONTEXT_LINES = 3;
const NULL_BLOB = '0'.repeat(40);

/** Concatenated per-file patches; "" when nothing changes. */
export function makePatch(changes: readonly FileChange[]): string {
  return changes.map(filePatch).join('');
}

function filePatch({ path, oldText, newText }: FileChange): string {
  if (oldText === newText) return ''; // unchanged, or absent on both sides
  assertRelativePath(path);
  const [a, b] = [gitPath('a/', path), gitPath('b/', path)];
  const lines = [`diff --git ${a} ${b}`];
  if (oldText === null) lines.push('new file mode 100644');
  if (newText === null) lines.push('deleted file mode 100644');
  // Full blob ids let `git apply --3way` fall back to a merge. No mode for a modified file: the real
  // mode is unknown here, and a wrong one makes git apply warn.
  lines.push(`index ${blobId(oldText)}..${blobId(newText)}`);
  const structured = structuredPatch(a, b, oldText ?? '', newText ?? '', undefined, undefined, { context: CONTEXT_LINES });
  // A new or deleted empty file has no hunks; git writes no ---/+++ lines for it either.
  if (structured.hunks.length === 0) return `${lines.join('\n')}\n`;
  lines.push(`--- ${label(oldText === null ? null : a)}`, `+++ ${label(newText === null ? null : b)}`);
  return `${lines.join('\n')}\n${formatPatch(structured, OMIT_HEADERS)}`;
}

/** git ends a ---/+++ name that contains a space with a tab, so the name's end is unambiguous. */
function label(name: string | null): string {
  if (name === null) return '/dev/null';
  return name.includes(' ') ? `${name}\t` : name;
}

/** git's blob id: sha1 of "blob <byte length>\0<content>". */
function blobId(text: string | null): string {
  if (text === null) return NULL_BLOB;
  const content = Buffer.from(text, 'utf8');
  return createHash('sha1').update(`blob ${content.length}\0`).update(content).digest('hex');
}
