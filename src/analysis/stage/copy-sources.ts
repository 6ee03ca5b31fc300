// COPY/ADD from the build context: which context paths a source sends, and where each lands in the image.
// Sources are read as BuildKit reads them: `.` is the whole context, a directory sends its contents, globs
// match path segment by segment (`*` never crosses a `/`). Pure; paths are context-relative, "/"-separated.
import type { DockerfileModel, Instruction } from '../../dockerfile/index.js';
import { joinPath, workdirAt } from './stage-env.js';
import { globMatch } from '../shell/glob.js';

/** True for a COPY/ADD that reads the build context (not `--from`, not a URL or git source). */
export function fromContext(instr: Instruction): boolean {
  if (instr.keyword !== 'COPY' && instr.keyword !== 'ADD') return false;
  if (instr.flags.some((f) => f.name === 'from')) return false;
  return copySources(instr).length > 0;
}

/** The context sources of a COPY/ADD as written (heredoc sources, URLs and git sources left out). */
export function copySources(instr: Instruction): string[] {
  const args = instr.args.slice(0, -1);
  return args.filter((a) => !/^\d*<<-?/.test(a) && !/^[a-z][a-z0-9+.-]*:\/\//i.test(a) && !a.startsWith('git@')).map(unquote);
}

/** The COPY's destination as written (quotes removed). */
export function copyDest(instr: Instruction): string {
  return unquote(instr.args[instr.args.length - 1] ?? '.');
}

/** True when a source is the whole context: `.`, `./`, `/`. */
export function isWholeContext(source: string): boolean {
  return normalize(source) === '';
}

/** The context paths a source sends (a file, a directory's files, a glob's matches and their files). */
export function sentBy(source: string, contextPaths: string[]): string[] {
  return contextPaths.filter((p) => matchSource(source, p) !== null);
}

/**
 * Where a source puts context path `p` relative to the destination directory: the file's name for a file or a
 * glob-matched file, the path inside the directory for a directory's file; null when the source does not send p.
 */
export function matchSource(source: string, p: string): string | null {
  const s = normalize(source);
  if (s === '') return p;
  const glob = /[*?[]/.test(s);
  const segs = s.split('/');
  const parts = p.split('/');
  if (parts.length < segs.length) return null;
  const head = parts.slice(0, segs.length).join('/');
  if (glob ? !globMatch(s, head) : head !== s) return null;
  return parts.length === segs.length ? parts[parts.length - 1]! : parts.slice(segs.length).join('/');
}

export interface CopyEntry {
  ctx: string;
  /** Absolute path in the image (under BASE_WORKDIR when relative to the base image's own WORKDIR). */
  image: string;
}

/** Every context file the COPY sends, with where it lands; null when the destination holds a variable or an unknown WORKDIR. */
export function copyEntries(model: DockerfileModel, instr: Instruction, contextPaths: string[]): CopyEntry[] | null {
  const dest = copyDest(instr);
  const workdir = workdirAt(model, instr);
  if (workdir === null || dest.includes('$')) return null;
  const destPath = joinPath(workdir, dest);
  const sources = copySources(instr);
  const destIsDir = dest.endsWith('/') || sources.length > 1 || dest === '.' || dest === '..' || destPath === workdir;
  const out: CopyEntry[] = [];
  for (const source of sources) {
    const single = !/[*?[]/.test(source) && contextPaths.includes(normalize(source));
    for (const p of contextPaths) {
      const rel = matchSource(source, p);
      if (rel === null) continue;
      out.push({ ctx: p, image: single && !destIsDir ? destPath : joinPath(destPath, rel) });
    }
  }
  return out;
}

function normalize(source: string): string {
  return source.replace(/^(\.\/)+/, '').replace(/^\/+/, '').replace(/\/+$/, '').replace(/^\.$/, '');
}


function unquote(v: string): string {
  return v.replace(/^"(.*)"$|^'(.*)'$/, '$1$2');
}
