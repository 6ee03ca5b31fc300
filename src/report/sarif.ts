// SARIF 2.1.0 for code scanning (pure): one result per planned variant that comes from a rule (base trials and
// combinations too), located at the lines it edits, its saving (measured by a run; a plan has none) in the
// message, and the edit as a fix whose replacements are line ranges. Rules that declined are not results:
// SARIF's `notApplicable` kind exists, but code-scanning UIs show every result as an alert, so they go in the
// run's property bag with their reason codes instead.
import { diffLines } from 'diff';
import prettyBytes from 'pretty-bytes';
import type { ArtifactChange, Location, Log, Replacement, ReportingDescriptor, Result } from 'sarif';
import type { VariantResult } from '../results.js';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
/** The base the artifact URIs are relative to: the project root (where dflab.yaml and the patches apply). */
export const ROOT_BASE = 'PROJECTROOT';
export const BASE_TRIAL = 'base-trial';
export const COMBINATION = 'combination';

export interface SarifFile { path: string; before: string | null; after: string | null }
export interface SarifVariant {
  name: string;
  rules: string[];
  base?: string;
  /** The Dockerfile and context files it changes, paths relative to the project root. */
  files: SarifFile[];
  /** "measured: 830 MB → 162 MB (−668 MB, −80.5%)", or why there is no figure. */
  saving: string;
  /** warning: a measured saving worth applying; note: anything else (no saving, failed, not built). */
  level: 'warning' | 'note';
  /** Offer the edit as a fix (not for a variant that failed to build or its smoke test). */
  fix: boolean;
}
export interface SarifInput {
  rules: { id: string; description: string }[];
  variants: SarifVariant[];
  notPlanned: { rule: string; code: string; reason: string }[];
  /** file:// URI of the project root, ending in "/", when known. */
  rootUri?: string;
  informationUri?: string;
  /** dflab's version (tool.driver.version and semanticVersion). */
  version?: string;
}

/** A run of changed lines: `deleted` lines from `start` (1-based) replaced by `inserted` (whole lines). */
export interface LineHunk { start: number; deleted: number; inserted: string }

export function lineHunks(before: string, after: string): LineHunk[] {
  const hunks: LineHunk[] = [];
  let line = 1;
  let open: LineHunk | null = null;
  for (const part of diffLines(before, after)) {
    const count = part.count ?? 0;
    if (!part.added && !part.removed) {
      open = null;
      line += count;
      continue;
    }
    if (!open) hunks.push((open = { start: line, deleted: 0, inserted: '' }));
    if (part.removed) { open.deleted += count; line += count; } else open.inserted += part.value;
  }
  return hunks;
}

export function sarifLog(input: SarifInput): Log {
  const rules = descriptors(input.rules);
  const index = new Map(rules.map((r, i) => [r.id, i]));
  const results = input.variants.map((v) => result(v, index));
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [{
      tool: { driver: {
        name: 'dflab', ...(input.version ? { version: input.version, semanticVersion: input.version } : {}),
        ...(input.informationUri ? { informationUri: input.informationUri } : {}), rules,
      } },
      ...(input.rootUri ? { originalUriBaseIds: { [ROOT_BASE]: { uri: input.rootUri } } } : {}),
      results,
      properties: { notPlanned: input.notPlanned },
    }],
  };
}

function descriptors(rules: SarifInput['rules']): ReportingDescriptor[] {
  const all = [...rules,
    { id: BASE_TRIAL, description: 'run the final stage on a candidate base image (dflab.yaml bases:, --bases)' },
    { id: COMBINATION, description: 'several rules at once: `all` (every compatible rule) or a dflab.yaml variant' }];
  return all.map((r) => ({
    id: r.id,
    name: r.id.replace(/-(\w)/g, (_, c: string) => c.toUpperCase()).replace(/^\w/, (c) => c.toUpperCase()),
    shortDescription: { text: r.description },
    help: { text: `${r.description}. dflab builds the variant, measures it and smoke-tests it; the fix is the variant's patch.` },
  }));
}

function ruleOf(v: SarifVariant): string {
  if (v.base !== undefined) return BASE_TRIAL;
  return v.rules.length === 1 ? v.rules[0]! : COMBINATION;
}

function result(v: SarifVariant, index: Map<string, number>): Result {
  const ruleId = ruleOf(v);
  const what = v.base !== undefined ? `base ${v.base}` : v.rules.join(' + ');
  const changed = v.files.filter((f) => f.before !== f.after);
  const dockerfileFirst = [...changed].sort((a, b) => Number(b.path.endsWith('Dockerfile')) - Number(a.path.endsWith('Dockerfile')));
  const first = dockerfileFirst[0];
  const locations = first ? hunkLocations(first) : [];
  const r: Result = {
    ruleId,
    ...(index.has(ruleId) ? { ruleIndex: index.get(ruleId)! } : {}),
    kind: 'fail',
    level: v.level,
    message: { text: `variant ${v.name} (${what}): ${v.saving}` },
    locations,
    partialFingerprints: { dflabVariant: `${ruleId}:${v.name}` },
    properties: { variant: v.name, rules: v.rules, ...(v.base !== undefined ? { base: v.base } : {}) },
  };
  if (v.fix && changed.length) r.fixes = [{ description: { text: `apply variant ${v.name}` }, artifactChanges: changed.map(artifactChange) }];
  return r;
}

function artifactLocation(path: string) {
  return { uri: path.split('/').map(encodeURIComponent).join('/'), uriBaseId: ROOT_BASE };
}

function hunkLocations(f: SarifFile): Location[] {
  if (f.before === null) return [{ physicalLocation: { artifactLocation: artifactLocation(f.path) } }];
  return lineHunks(f.before, f.after ?? '').map((h) => {
    const start = Math.max(1, h.deleted ? h.start : h.start - 1);
    const end = h.deleted ? h.start + h.deleted - 1 : start;
    return { physicalLocation: { artifactLocation: artifactLocation(f.path), region: { startLine: start, endLine: end } } };
  });
}

function artifactChange(f: SarifFile): ArtifactChange {
  const location = artifactLocation(f.path);
  if (f.before === null) return { artifactLocation: location, replacements: [{ deletedRegion: { charOffset: 0, charLength: 0 }, insertedContent: { text: f.after ?? '' } }] };
  if (f.after === null) return { artifactLocation: location, replacements: [{ deletedRegion: { charOffset: 0, charLength: f.before.length } }] };
  return { artifactLocation: location, replacements: lineHunks(f.before, f.after).map((h) => replacement(f.before!, h)) };
}

/** Whole lines [start, start+deleted) including their line breaks, as the region from (start, 1) to (end+1, 1). */
function replacement(before: string, h: LineHunk): Replacement {
  const lines = before.split('\n');
  const endLine = h.start + h.deleted;
  // A last line without a line break: the region ends at that line's end instead of the next line's start.
  const region = endLine <= lines.length
    ? { startLine: h.start, startColumn: 1, endLine, endColumn: 1 }
    : { startLine: h.start, startColumn: 1, endLine: endLine - 1, endColumn: (lines[endLine - 2] ?? '').length + 1 };
  return { deletedRegion: region, ...(h.inserted ? { insertedContent: { text: h.inserted } } : {}) };
}

/** What a measured variant saved against the original, and whether to flag and offer it (pure). */
export function measuredSaving(original: VariantResult | undefined, v: VariantResult): Pick<SarifVariant, 'saving' | 'level' | 'fix'> {
  if (v.outcome !== 'ok') return { saving: `${v.outcome}${v.error ? `: ${v.error}` : ''}`, level: 'note', fix: false };
  const parts: string[] = [];
  const delta = (label: string, a: number | null | undefined, b: number | null | undefined) => {
    if (a == null || b == null) return;
    const d = b - a;
    const pct = a > 0 ? `, ${d <= 0 ? '−' : '+'}${(Math.abs(d) / a * 100).toFixed(1)}%` : '';
    parts.push(`${label} ${prettyBytes(a)} → ${prettyBytes(b)} (${d <= 0 ? '−' : '+'}${prettyBytes(Math.abs(d))}${pct})`);
  };
  delta('size', original?.sizeBytes, v.sizeBytes);
  delta('compressed', original?.compressedBytes, v.compressedBytes);
  const cold = [original?.build?.coldSeconds, v.build?.coldSeconds];
  if (cold[0] != null && cold[1] != null) parts.push(`cold build ${cold[0].toFixed(1)} s → ${cold[1].toFixed(1)} s`);
  const smaller = original?.sizeBytes != null && v.sizeBytes != null && v.sizeBytes < original.sizeBytes;
  return { saving: parts.length ? `measured: ${parts.join('; ')}` : 'built and smoke-tested; no size measured', level: smaller ? 'warning' : 'note', fix: true };
}
