// The names the project's texts mention, as a path reader would see them: every word that could be a path or a
// part of one (`open("data/model.bin")`, `MODEL_DIR=models`, `glob("weights/*.pt")`, `/app/models`). Pure.
// Deliberately loose: a word that only looks like a name still keeps a file (a kept file costs bytes; a dropped
// one the app reads breaks it).
import { globMatch } from '../shell/glob.js';

export interface References {
  /** Literal path segments ("data", "model.bin", "models"), and the parts of dotted names ("models.bert"). */
  names: Set<string>;
  /** Globs with no directory before them and something literal in them ("*.onnx", "ckpt_*"): a file or directory name they match is named. */
  globs: string[];
  /** Extensions written alone (".bin" in `f.endswith(".bin")`). */
  extensions: Set<string>;
}

/** What separates words that could hold a path: blanks, quotes, assignment, calls, substitutions, backslashes. */
const SEPARATORS = /[\s"'`=,;:(){}<>|&$\\]+/;
const GLOB = /[*?[]/;
const DOTTED = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)+$/;

export function references(texts: Iterable<string>): References {
  const out: References = { names: new Set(), globs: [], extensions: new Set() };
  const globs = new Set<string>();
  for (const text of texts) {
    if (text.includes('\0')) continue; // a binary's bytes are not text that names files
    for (const word of text.split(SEPARATORS)) {
      let literalDir = false; // an absolute glob (`/srv/*.bin`, `${DIR}/*.bin`) may list the context's root: matches anywhere
      for (const seg of word.split('/')) {
        if (seg === '' || seg === '.' || seg === '..') continue;
        if (GLOB.test(seg)) {
          // `weights/*.pt` lists weights/ (named as a directory); a glob with no relative directory before it matches anywhere.
          if (!literalDir && /[A-Za-z0-9]/.test(seg)) globs.add(seg);
          literalDir = !word.startsWith('/');
          continue;
        }
        literalDir = !word.startsWith('/');
        out.names.add(seg);
        if (/^\.[A-Za-z0-9]+$/.test(seg)) out.extensions.add(seg);
        if (DOTTED.test(seg)) for (const part of seg.split('.')) out.names.add(part);
      }
    }
  }
  out.globs = [...globs];
  return out;
}

/** Whether the texts name a context path: its file name or one of its directories, literally or by a glob. */
export function isReferenced(path: string, r: References): boolean {
  const segs = path.split('/');
  const base = segs[segs.length - 1]!;
  if (segs.some((s) => r.names.has(s))) return true;
  if ([...r.extensions].some((e) => base.endsWith(e))) return true;
  return r.globs.some((g) => segs.some((s) => globMatch(g, s)));
}
