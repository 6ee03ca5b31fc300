// Large context files nothing references: a file of at least LARGE_FILE_BYTES that no text of the project names —
// no source file, script, config or manifest, no Dockerfile instruction (CMD, ENTRYPOINT, RUN …), not dflab.yaml
// (its smoke command) — by its path, its file name, a directory above it, or a glob that matches either. Such a
// file is a guess for .dockerignore: the smoke test proves it. Code, package data, what lies in a directory
// frameworks read unnamed (static/ …) and what an ignore file cannot name plainly are never guessed.
// Pure: the loader (context/scan.ts) gathers the sizes and texts.
import { isReferenced, references } from './references.js';

/** A context file this large (bytes) that nothing names is a candidate; smaller ones never are on their own. */
export const LARGE_FILE_BYTES = 1_000_000;

/** What the loader gathered for this analysis (Project.contextScan). */
export interface ContextScan {
  /** Size in bytes of every context file, by context path. */
  sizes: Record<string, number>;
  /** Texts that could name a context file (see wantsText), by context path ("../dflab.yaml" when outside it). */
  texts: Record<string, string>;
  /** False when a text that should have been read was not (the reading budget ran out): nothing is guessed then. */
  complete: boolean;
}

/** A file, or a directory all of whose files are unreferenced, with the bytes and files it holds. */
export interface Unreferenced { path: string; dir: boolean; bytes: number; files: number }

/** Files the app may run or import: never guessed unused from the absence of their name. */
const CODE = /\.(py|pyc|pyo|pyd|pyi|pyx|pxd|so|so\.[\d.]+|dylib|dll|sh|bash|js|mjs|cjs|ts|jsx|tsx|html?|css|wasm|jar|rb|pl|php|lua|go|rs|c|h|cc|cpp|hpp)$/i;
/** Texts worth reading for names, by extension or name. */
const TEXT = /\.(py|pyi|pyx|sh|bash|toml|ya?ml|json|cfg|ini|conf|txt|env|js|mjs|cjs|ts|jsx|tsx|html?|css|sql|j2|jinja2?|tmpl|service|properties|xml)$|(^|\/)(Dockerfile[^/]*|[^/]*\.dockerfile|Makefile|Procfile|\.env[^/]*|[^/.]+rc)$/i;
/** Directories frameworks read without the code naming them (Flask's static/ and templates/, Django's locale/ …). */
const IMPLICIT_DIRS = new Set(['static', 'templates', 'public', 'media', 'assets', 'www', 'html', 'locale', 'locales', 'migrations', 'fixtures']);
/** Characters an ignore file would read as a pattern or comment; such a path is not written as a literal line. */
const UNWRITABLE = /[*?[\]\\]|^[#!]|\s$|^\s/;

/** Whether the loader should read this context file's text for the analysis. */
export function wantsText(path: string, size: number): boolean {
  return size < LARGE_FILE_BYTES && TEXT.test(path);
}

/** Whether the context holds a file the analysis could guess (the loader reads texts only then). */
export function mayGuess(sizes: Record<string, number>): boolean {
  return Object.entries(sizes).some(([path, size]) => size >= LARGE_FILE_BYTES && guessable(path));
}

/** What the caller decides about each path from the Dockerfile and the ignore files. */
export interface Eligibility {
  /** A COPY sends it, nothing ignores it yet, and nothing keeps it on purpose (a re-include, git in a RUN …). */
  mayDrop: (path: string) => boolean;
  /** The ignore file, as it will be, already excludes it. */
  ignored: (path: string) => boolean;
}

/**
 * The large files that may be dropped and that no text names, each as the highest directory above it (below the
 * context root) whose every file is already ignored or such an unnamed file (`junk`), else as itself.
 * `extraTexts`: the Dockerfile's text and anything else the scan does not hold.
 */
export function unreferencedLarge(contextPaths: readonly string[], scan: ContextScan | undefined, e: Eligibility, extraTexts: string[]): Unreferenced[] {
  if (!scan || !scan.complete) return [];
  const packages = new Set(contextPaths.filter((p) => p.endsWith('/__init__.py')).map((p) => p.slice(0, -'/__init__.py'.length)));
  const candidate = (p: string) => e.mayDrop(p) && guessable(p) && !inPackage(p, packages);
  const large = contextPaths.filter((p) => (scan.sizes[p] ?? 0) >= LARGE_FILE_BYTES && candidate(p));
  if (large.length === 0) return [];
  const refs = references([...Object.values(scan.texts), ...extraTexts]);
  const unnamed = (p: string) => candidate(p) && !isReferenced(p, refs);
  const out = new Map<string, Unreferenced>();
  for (const file of large.filter(unnamed)) {
    const dir = highestDir(file, contextPaths, (p) => e.ignored(p) || unnamed(p));
    const path = dir ?? file;
    if (out.has(path)) continue;
    const held = dir === null ? [file] : contextPaths.filter((p) => p.startsWith(`${dir}/`) && !e.ignored(p));
    out.set(path, { path, dir: dir !== null, bytes: held.reduce((s, p) => s + (scan.sizes[p] ?? 0), 0), files: held.length });
  }
  return [...out.values()];
}

function guessable(path: string): boolean {
  const segs = path.split('/');
  return !CODE.test(path) && !segs.some((s) => UNWRITABLE.test(s)) && !segs.slice(0, -1).some((s) => IMPLICIT_DIRS.has(s));
}

/** Inside a directory that holds an __init__.py (at any level above it): package data, shipped with the code. */
function inPackage(path: string, packages: ReadonlySet<string>): boolean {
  const segs = path.split('/');
  for (let i = 1; i < segs.length; i++) if (packages.has(segs.slice(0, i).join('/'))) return true;
  return false;
}

/** The highest directory above `file` (below the context root) all of whose files pass `droppable`; null when none. */
function highestDir(file: string, contextPaths: readonly string[], droppable: (p: string) => boolean): string | null {
  const segs = file.split('/');
  for (let i = 1; i < segs.length; i++) {
    const dir = segs.slice(0, i).join('/');
    if (contextPaths.filter((p) => p.startsWith(`${dir}/`)).every(droppable)) return dir;
  }
  return null;
}
