// Files a COPY/ADD layer brought, matched to the build-context paths they came from (pure), so the candidates
// of a .dockerignore are sized: "data/raw/ 8.4 MB" rather than "the COPY . . layer is 12 MB".

export interface ContextFile { path: string; size: number }
export interface CopyGroup {
  /** Context path group ("data/raw/", "app.py") when matched, else the image directory ("app/data/"). */
  path: string;
  matched: boolean;
  bytes: number;
  files: number;
}
export interface CopyLayer { layer: number; instruction: string; bytes: number; files: number; matchedBytes: number; groups: CopyGroup[] }

/** Group depth: `data/raw/` is a .dockerignore line worth sizing; deeper paths are noise in a report. */
const GROUP_DEPTH = 2;

/**
 * Each image file is matched to a context file of the same name and size, the one sharing the longest path tail
 * (`app/src/x.py` ← `src/x.py`); identical copies elsewhere in the context lose to the closer path.
 */
export function matchCopyLayer(layer: number, instruction: string, files: readonly ContextFile[], context: readonly ContextFile[] | null): CopyLayer {
  const byKey = new Map<string, string[]>();
  for (const c of context ?? []) {
    const key = `${basename(c.path)}\0${c.size}`;
    byKey.set(key, [...(byKey.get(key) ?? []), c.path]);
  }
  const groups = new Map<string, CopyGroup>();
  let bytes = 0;
  let matchedBytes = 0;
  for (const f of files) {
    const source = bestMatch(f.path, byKey.get(`${basename(f.path)}\0${f.size}`) ?? []);
    const key = source === null ? groupOf(f.path, GROUP_DEPTH + 1) : groupOf(source, GROUP_DEPTH);
    const g = groups.get(key) ?? { path: key, matched: source !== null, bytes: 0, files: 0 };
    g.bytes += f.size;
    g.files++;
    groups.set(key, g);
    bytes += f.size;
    if (source !== null) matchedBytes += f.size;
  }
  const sorted = [...groups.values()].sort((a, b) => b.bytes - a.bytes || a.path.localeCompare(b.path));
  return { layer, instruction, bytes, files: files.length, matchedBytes, groups: sorted };
}

function bestMatch(imagePath: string, candidates: readonly string[]): string | null {
  let best: string | null = null;
  let bestTail = -1;
  for (const c of candidates) {
    const tail = commonTail(imagePath.split('/'), c.split('/'));
    if (tail > bestTail || (tail === bestTail && best !== null && c < best)) { best = c; bestTail = tail; }
  }
  return best;
}

function commonTail(a: string[], b: string[]): number {
  let n = 0;
  while (n < a.length && n < b.length && a[a.length - 1 - n] === b[b.length - 1 - n]) n++;
  return n;
}

/** `data/raw/x.csv` → `data/raw/`; `app.py` → `app.py`. */
export function groupOf(path: string, depth = GROUP_DEPTH): string {
  const parts = path.split('/');
  return parts.length === 1 ? path : `${parts.slice(0, Math.min(depth, parts.length - 1)).join('/')}/`;
}

function basename(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}
