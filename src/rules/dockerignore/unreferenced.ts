// The rule's second source of candidates: large context files no text of the project names (analysis/context),
// each a literal .dockerignore line with a comment saying why. A guess the smoke test proves: when the app does
// read such a file after all, the variant fails its smoke test like any other.
import prettyBytes from 'pretty-bytes';
import { unreferencedLarge, type Eligibility, type Unreferenced } from '../../analysis/context/index.js';
import type { Project } from '../types.js';
import type { Candidate } from './candidates.js';

export const UNREFERENCED_GROUP = 'large files nothing references (a guess: the smoke test proves it)';

/**
 * The Dockerfile counts as a text without its COPY/ADD lines: `COPY app/ /app/` sends what is below app/ without
 * reading it (the rule keeps a unit a COPY names itself, as for every candidate).
 */
export function unreferencedCandidates(p: Project, e: Eligibility): Candidate[] {
  const dockerfile = p.dockerfile.instructions.filter((i) => i.keyword !== 'COPY' && i.keyword !== 'ADD').map((i) => i.raw).join('\n');
  return unreferencedLarge(p.contextPaths, p.contextScan, e, [dockerfile]).map((u) => ({
    group: UNREFERENCED_GROUP, pattern: u.path, unit: () => u.path, mention: false, comment: comment(u), unreferenced: u,
  }));
}

/** "junk/dump.bin: 31.5 MB, referenced nowhere", "junk/: 31.6 MB in 3 files, referenced nowhere". */
function comment(u: Unreferenced): string {
  const where = 'referenced nowhere (no source, script, config, Dockerfile instruction or dflab.yaml names it)';
  return u.dir ? `${u.path}/: ${prettyBytes(u.bytes)} in ${u.files} file${u.files === 1 ? '' : 's'}, ${where}` : `${u.path}: ${prettyBytes(u.bytes)}, ${where}`;
}

/** The note for the report: what was guessed, and what happens when the guess is wrong. */
export function unreferencedNote(chosen: Candidate[]): string[] {
  const ours = chosen.flatMap((c) => (c.unreferenced ? [`${c.pattern}${c.unreferenced.dir ? '/' : ''} (${prettyBytes(c.unreferenced.bytes)})`] : []));
  if (ours.length === 0) return [];
  return [`excluded large files that nothing in the project names (${ours.join(', ')}): a guess; if the app reads them at run time, the smoke test fails and so does this variant: remove those lines`];
}
