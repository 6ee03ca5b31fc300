// dockerignore: write (or extend) .dockerignore so the context files an image never needs stay out of it
// (BuildKit sends only what COPY/ADD sources name, so a pattern counts only when a COPY would send what it
// matches: `COPY . .` sends everything). Patterns come from what the context holds (dockerignore-candidates.ts);
// one is left out when the Dockerfile names what it excludes (a COPY source, or for data, notebooks and
// .env files any mention in its commands), when the user's .dockerignore re-includes it (`!path`), or when the
// build needs it (git in a RUN). Then large files no text of the project names (unreferenced.ts), each with a
// comment: a guess the smoke test proves. The user's entries stay; ours follow in a commented block.
// "Imported" data is read as package data: data files inside a Python package are never excluded.
// A CommonJS module whose typings declare an ES default export; at runtime `.default` is the same function.
import dockerignoreLib from '@balena/dockerignore';
import type { Instruction } from '../../dockerfile/index.js';
import { copySources, fromContext, isWholeContext, matchSource } from '../../analysis/stage/copy-sources.js';
import { candidates, type Candidate } from './candidates.js';
import { unreferencedCandidates, unreferencedNote } from './unreferenced.js';
import { commandsRun } from '../../analysis/python/commands-run.js';
import type { Project, Rule } from '../types.js';
import { defineRule, type Analysis } from '../define.js';
import { reason } from '../../reasons.js';

const FILE = '.dockerignore';
/** dflab's own output directory (src/context/project.ts), never listed in contextPaths. */
const OUTPUT_DIR = '.dflab';
const MENTIONING = new Set(['RUN', 'CMD', 'ENTRYPOINT', 'ENV', 'ARG', 'WORKDIR', 'VOLUME', 'HEALTHCHECK', 'LABEL']);

export const dockerignore: Rule = defineRule('dockerignore', 'write a .dockerignore for what the context holds and the image never needs (.git, venvs, caches, notebooks, data dumps, .env, large files nothing references)', analyse);

function analyse(p: Project): Analysis {
  const model = p.dockerfile;
  const copies = model.instructions.filter(fromContext);
  if (copies.length === 0) return { ok: false, reason: reason('no-context-copy', 'no COPY or ADD reads the build context: nothing is sent that .dockerignore could exclude') };
  const own = `${p.dockerfilePath}.dockerignore`;
  if (p.contextPaths.includes(own)) return { ok: false, reason: reason('dockerfile-dockerignore', `the build reads ${own} (it takes precedence over ${FILE}), which this rule does not edit`) };
  if (p.contextPaths.includes(FILE) && p.files[FILE] === undefined) return { ok: false, reason: reason('dockerignore-unread', `${FILE} exists but was not read (too large?): not rewriting it`) };
  const sources = copies.flatMap((c) => copySources(c).map((s) => ({ s, c })));
  const sent = (path: string) => sources.some(({ s }) => matchSource(s, path) !== null);
  const existing = p.files[FILE] ?? '';
  const ig = dockerignoreLib.default().add(patterns(existing));
  const reincluded = dockerignoreLib.default().add(patterns(existing).filter((l) => l.startsWith('!')).map((l) => l.slice(1)));
  const builds = commandsRun(p, model.stages).filter((r) => !r.runtime);
  // Quoted command substitutions (`echo "$(git describe)"`) hide a command from the shell reader: the text tells.
  const buildText = [...model.instructions.filter((i) => i.keyword === 'RUN').map((i) => i.raw), ...new Set(builds.flatMap((r) => (r.script ? [p.files[r.script] ?? ''] : [])))];
  const commands = [...builds.map((r) => r.cmd.name), ...(buildText.some((t) => /(^|[\s;&|(`])(git|hg|svn)\s/.test(t)) ? ['git'] : [])];
  const mentions = model.instructions.filter((i) => MENTIONING.has(i.keyword)).map((i) => i.raw).join('\n');
  const runText = model.instructions.filter((i) => i.keyword === 'RUN').map((i) => i.raw).join('\n');
  const chosen: Candidate[] = [];
  const kept: string[] = [];
  const keptPaths = new Set<string>();
  for (const c of candidates(p, commands)) {
    const one = dockerignoreLib.default().add([c.pattern]);
    const newly = p.contextPaths.filter((x) => !ig.ignores(x) && one.ignores(x) && sent(x));
    if (newly.length === 0) continue;
    const units = [...new Set(newly.map(c.unit))];
    const why = c.keep
      ?? (newly.some((x) => reincluded.ignores(x)) ? `${FILE} re-includes some of it` : null)
      ?? namedBy(units, sources)
      ?? (c.mention ? mentioned(units, mentions) : null)
      ?? (c.namedByRun !== false ? namedInRun(units, runText) : null);
    if (why !== null) {
      kept.push(`${c.pattern} (${why})`);
      for (const x of newly) keptPaths.add(x);
      continue;
    }
    chosen.push(c);
    ig.add([c.pattern]);
  }
  // Large files nothing names, among what the name patterns left: never what they kept on purpose or the user re-includes.
  const mayDrop = (x: string) => sent(x) && !ig.ignores(x) && !keptPaths.has(x) && !reincluded.ignores(x);
  for (const c of unreferencedCandidates(p, { mayDrop, ignored: (x) => ig.ignores(x) })) {
    const why = namedBy([c.pattern], sources);
    if (why === null) chosen.push(c);
    else kept.push(`${c.pattern} (${why})`);
  }
  ig.add(chosen.filter((c) => c.unreferenced).map((c) => c.pattern));
  const whole = sources.some(({ s }) => isWholeContext(s));
  if (chosen.length === 0) {
    const what = whole ? 'the build copies the whole context, but it holds' : 'the COPY/ADD sources hold';
    const keptText = kept.length ? ` (kept on purpose: ${kept.join('; ')})` : '';
    return { ok: false, reason: reason('nothing-to-ignore', `${what} nothing the image never needs that ${FILE} does not already exclude${keptText}`) };
  }
  if (whole && !ig.ignores(`${OUTPUT_DIR}/results.json`)) chosen.push({ group: "dflab's output", pattern: OUTPUT_DIR, unit: (x) => x, mention: false });
  // What the app could have read at run time: data, notebooks, .env files, the git checkout (not caches, venvs, build files).
  const requires = chosen.filter((c) => c.mention || c.group === 'version control' || c.unreferenced).map((c) => ({ kind: 'not-copied' as const, subject: c.pattern }));
  return { ok: true, edits: { dockerfile: [], files: [{ path: FILE, newText: extend(existing, chosen) }], notes: notes(chosen, kept), requires } };
}

/** The COPY/ADD that names a unit (its source is the unit, inside it, or a glob at its depth), as "named by line N". */
function namedBy(units: string[], sources: { s: string; c: Instruction }[]): string | null {
  for (const u of units) {
    const depth = u.split('/').length;
    const hit = sources.find(({ s }) => {
      const n = s.replace(/^(\.\/)+/, '').replace(/\/+$/, '');
      return !isWholeContext(s) && (n === u || n.startsWith(`${u}/`) || (n.split('/').length >= depth && matchSource(s, u) !== null));
    });
    if (hit) return `the ${hit.c.keyword} on line ${hit.c.line} names ${hit.s}`;
  }
  return null;
}

/** A unit whose name the Dockerfile's commands mention (`CMD python app.py data/train.csv`). */
function mentioned(units: string[], text: string): string | null {
  for (const u of units) {
    const name = u.replace(/^.*\//, '').replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    if (new RegExp(`(^|[^A-Za-z0-9_-])${name}($|[^A-Za-z0-9_-])`).test(text)) return `the Dockerfile mentions ${u.replace(/^.*\//, '')}`;
  }
  return null;
}

/** A unit a RUN names as a path (`tools/gen.sh`, `./Dockerfile`, `docker-compose.yml`), as "a RUN names …". */
function namedInRun(units: string[], text: string): string | null {
  const words = new Set(text.split(/[\s"'=;&|()<>`]+/).map((w) => w.replace(/^\.\//, '').replace(/\/+$/, '')).filter((w) => w.length > 1 && !w.includes('$')));
  for (const u of units) {
    const base = u.replace(/^.*\//, '');
    if (words.has(u) || (/[./]/.test(base) && words.has(base)) || [...words].some((w) => w.includes('/') && (u.endsWith(`/${w}`) || u.startsWith(`${w}/`)))) return `a RUN names ${u}`;
  }
  return null;
}

/** The user's text, then our block: a header, and each group's patterns under its heading. */
function extend(existing: string, chosen: Candidate[]): string {
  const eol = existing.includes('\r\n') ? '\r\n' : '\n';
  const out: string[] = ['# Added by dflab (dockerignore rule): context files the image never needs.'];
  let group = '';
  for (const c of chosen) {
    if (c.group !== group) out.push(`# ${c.group}`);
    group = c.group;
    if (c.comment) out.push(`# ${c.comment}`);
    out.push(c.pattern);
  }
  const head = existing === '' ? '' : `${existing}${/\r?\n$/.test(existing) ? '' : eol}${existing.trim() === '' ? '' : eol}`;
  return `${head}${out.join(eol)}${eol}`;
}

function notes(chosen: Candidate[], kept: string[]): string[] {
  const out: string[] = [];
  const data = chosen.filter((c) => c.group === 'data dumps').map((c) => c.pattern);
  if (data.length) out.push(`excluded data files (${data.join(', ')}): if the app reads them at run time, remove those lines (the smoke test fails otherwise)`);
  const secrets = chosen.filter((c) => c.group === 'secrets').map((c) => c.pattern);
  out.push(...unreferencedNote(chosen));
  if (secrets.length) out.push(`files matching ${secrets.join(', ')} were copied into the image until now: rotate the secrets they hold if such an image ever left this machine`);
  if (kept.length) out.push(`not excluded: ${kept.join('; ')}`);
  return out;
}

function patterns(text: string): string[] {
  return text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('#'));
}
