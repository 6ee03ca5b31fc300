// BuildKit's own build checks over a run: the original's findings, and per variant the findings it adds.
// Checks build nothing; a variant whose check cannot run is left unflagged (null), never failed.
import { join } from 'node:path';
import { runBuildChecks, type BuildChecksOptions, type BuildKitFinding } from '../engine/build-checks.js';
import { ORIGINAL, type BuildCheckRecord, type BuildChecksRecord } from '../results.js';
import { variantPaths } from './variant.js';

export interface RunChecks { record: BuildChecksRecord; added: Map<string, BuildCheckRecord[] | null> }

export async function checkVariants(names: readonly string[], outDir: string, contextDir: string, opts: BuildChecksOptions = {}): Promise<RunChecks> {
  const check = (name: string) => runBuildChecks(join(outDir, variantPaths(name).dockerfile), contextDir, opts);
  const original = await check(ORIGINAL);
  if (!original.ran) return { record: { ran: false, reason: original.reason, original: [] }, added: new Map() };
  const record = { ran: true, reason: null, original: original.findings.map(toRecord) };
  // A check builds nothing (the frontend parses and lints): the variants' run side by side.
  const others = names.filter((n) => n !== ORIGINAL);
  const outcomes = await Promise.all(others.map(check));
  const added = new Map<string, BuildCheckRecord[] | null>(others.map((name, i) => {
    const variant = outcomes[i]!;
    return [name, variant.ran ? addedFindings(record.original, variant.findings.map(toRecord)) : null];
  }));
  return { record, added };
}

/** Findings of a rule beyond the number the original has of it (lines move between variants; rule names do not). */
export function addedFindings(original: readonly BuildCheckRecord[], variant: readonly BuildCheckRecord[]): BuildCheckRecord[] {
  const left = new Map<string, number>();
  for (const f of original) left.set(f.rule, (left.get(f.rule) ?? 0) + 1);
  return variant.filter((f) => {
    const n = left.get(f.rule) ?? 0;
    left.set(f.rule, n - 1);
    return n <= 0;
  });
}

function toRecord(f: BuildKitFinding): BuildCheckRecord {
  return { rule: f.rule, detail: f.detail || f.description, url: f.url, lines: f.lines };
}
