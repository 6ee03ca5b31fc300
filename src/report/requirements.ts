// What a variant requires, in words: one short list for the report's top block. The rules produce the typed values
// (results.json `requires`); the longer explanations stay in "What you give up".
import type { Requirement, RequirementKind } from '../results.js';

const WORDS: Record<RequirementKind, (subject: string) => string> = {
  'reads-env': (s) => {
    const [name, value] = splitOnce(s, '=');
    return value === null ? `the app must read ${name}` : `the app must read ${name} (set to ${value})`;
  },
  'loads-model': (s) => `the app must load the ONNX model at ${s}`,
  'not-copied': (s) => `no longer copied into the image: ${s}`,
  'not-installed': (s) => `no longer installed: ${s}`,
  'base-image': (s) => `the base is ${s}`,
  'musl-base': (s) => `the base is ${s} (alpine, musl libc)`,
  'cpu-only': (s) => `${s} is CPU-only: no GPU`,
  'no-recommends': () => "apt's recommended packages are no longer installed",
  buildkit: (s) => `the build needs BuildKit (${s})`,
  'builder-only': () => 'build tools exist in the builder stage only',
  'manifests-named': () => 'a new dependency manifest must be added to the COPY before the install',
};

/** Kinds whose subjects are listed in one line ("no longer installed: pytest, black, jupyter"). */
const LISTED = new Set<RequirementKind>(['not-copied', 'not-installed']);

/** One line per requirement, the listed kinds joined into one line each, in the order first seen. */
export function requirementLines(requires: readonly Requirement[]): string[] {
  const out: string[] = [];
  const lists = new Map<RequirementKind, { at: number; subjects: string[] }>();
  for (const r of requires) {
    if (!LISTED.has(r.kind)) {
      out.push(WORDS[r.kind](r.subject));
      continue;
    }
    const list = lists.get(r.kind);
    if (list) list.subjects.push(r.subject);
    else {
      lists.set(r.kind, { at: out.length, subjects: [r.subject] });
      out.push('');
    }
  }
  for (const [kind, { at, subjects }] of lists) out[at] = WORDS[kind](joinCapped(subjects, 12));
  return out;
}

function joinCapped(items: string[], max: number): string {
  return `${items.slice(0, max).join(', ')}${items.length > max ? `, … ${items.length - max} more` : ''}`;
}

function splitOnce(s: string, sep: string): [string, string | null] {
  const i = s.indexOf(sep);
  return i === -1 ? [s, null] : [s.slice(0, i), s.slice(i + 1)];
}
