// Fits the PR comment into GitHub's limit by whole pieces, never by cutting text at a character: first every
// patch is cut (at a line) down to one common length, the longest first; if even empty patches do not fit, the
// <details> blocks go, then the table's last rows. Each cut says so and points at the artifact. Every length
// tried is rendered and measured, so what is returned fits whatever the notes' digits add.

export interface PatchPart {
  /** `<details><summary>…</summary>` and a newline. */
  open: string;
  patch: string;
  /** The patch's path in the out dir, for the truncation note. */
  path: string;
  /** The patch (or its head) as a fenced block that no line of it can close. */
  fence: (text: string) => string;
}

export interface CommentParts {
  /** Marker, lead and gate lines. */
  head: string;
  tableHead: string;
  rows: string[];
  patches: PatchPart[];
  foot: string;
  /** "the `dflab-report` artifact", linked when its URL is known. */
  artifact: string;
}

interface Fit {
  /** Most characters of each patch shown. */
  patchChars: number;
  showPatches: boolean;
  rows: number;
}

export function fitComment(parts: CommentParts, limit: number): string {
  const fits = (fit: Fit) => compose(parts, fit).length <= limit;
  const full: Fit = { patchChars: Infinity, showPatches: true, rows: parts.rows.length };
  if (fits(full)) return compose(parts, full);
  const longest = Math.max(0, ...parts.patches.map((p) => p.patch.length));
  const chars = largest(longest, (n) => fits({ ...full, patchChars: n }));
  if (chars !== null) return compose(parts, { ...full, patchChars: chars });
  const rows = largest(parts.rows.length, (n) => fits({ patchChars: 0, showPatches: false, rows: n }));
  if (rows !== null) return compose(parts, { patchChars: 0, showPatches: false, rows });
  return cutAtLine(compose(parts, { patchChars: 0, showPatches: false, rows: 0 }), limit, parts.artifact);
}

/** The largest n in [0, max] for which `ok(n)` holds (assumed monotone), or null when not even 0 does. */
function largest(max: number, ok: (n: number) => boolean): number | null {
  if (!ok(0)) return null;
  let [lo, hi] = [0, max];
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (ok(mid)) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

function compose(parts: CommentParts, fit: Fit): string {
  const out = [parts.head, '', parts.tableHead, ...parts.rows.slice(0, fit.rows)];
  const dropped = parts.rows.length - fit.rows;
  if (dropped > 0) out.push('', `_${dropped} more variant${dropped > 1 ? 's' : ''} left out to fit GitHub's comment limit: see ${parts.artifact}._`);
  if (fit.showPatches) {
    for (const p of parts.patches) out.push('', details(p, fit.patchChars, parts.artifact));
  } else if (parts.patches.length > 0) {
    out.push('', `_The patches are left out to fit GitHub's comment limit: they are in ${parts.artifact} (\`patches/\`)._`);
  }
  out.push('', parts.foot, '');
  return out.join('\n');
}

function details(p: PatchPart, maxChars: number, artifact: string): string {
  const lines = p.patch.replace(/\n$/, '').split('\n');
  const kept = headLines(lines, maxChars);
  const body: string[] = [];
  if (kept.length > 0) body.push(p.fence(`${kept.join('\n')}\n`));
  if (kept.length < lines.length) {
    const shown = kept.length === 0 ? `left out (${lines.length} lines)` : `cut to its first ${kept.length} of ${lines.length} lines`;
    body.push(`_Patch ${shown} to fit GitHub's comment limit: the whole one is \`${p.path}\` in ${artifact}._`);
  }
  return `${p.open}\n${body.join('\n\n')}\n\n</details>`;
}

/** The first lines whose total length (newlines counted) stays within `maxChars`. */
function headLines(lines: string[], maxChars: number): string[] {
  const kept: string[] = [];
  let size = 0;
  for (const line of lines) {
    size += line.length + 1;
    if (size > maxChars) break;
    kept.push(line);
  }
  return kept;
}

/** Last resort (a head too long on its own): cut between lines, outside any code block, and say so. */
function cutAtLine(text: string, limit: number, artifact: string): string {
  const tail = `\n\n**Comment cut here to fit GitHub's limit:** see ${artifact}.\n`;
  const head = text.slice(0, Math.max(0, limit - tail.length));
  return head.slice(0, Math.max(0, head.lastIndexOf('\n'))) + tail;
}
