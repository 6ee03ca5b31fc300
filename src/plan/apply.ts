// Applies rules one after another: each rule sees the project as the previous ones left it (Dockerfile
// reparsed, context files updated). One rule alone is a single-rule variant; several make a combination.
import { applyEdits, parseDockerfile } from '../dockerfile/index.js';
import { UserError } from '../errors.js';
import type { FileEdit, Project, Requirement, Rule, RuleEdits } from '../rules/types.js';
import { reason, type Reason } from '../reasons.js';
import type { SkippedRule } from './types.js';
import { effectiveDockerfile } from './effective.js';
import { editedKept, onlyInBuilders } from './share.js';

export interface AppliedRules {
  /** The resulting Dockerfile text. */
  dockerfile: string;
  /** Context files changed against the original project, sorted by path. */
  files: FileEdit[];
  notes: string[];
  /** What the applied rules require, in their order, each once. */
  requires: Requirement[];
  /** The rules that applied, in order. */
  applied: string[];
  /** The rules that did not apply at their turn, and why. */
  skipped: SkippedRule[];
  /** The project after all edits (for rules that come next). */
  project: Project;
}

export interface ApplyOptions {
  /** Why `rule` must not apply after `applied` (null: it may); the rule is then left out with that reason. */
  blockedBy?: (rule: Rule, applied: string[]) => Reason | null;
  /** Record a rule that throws as left out (a dflab bug) instead of throwing. */
  keepGoing?: boolean;
  /** The stages `rule` leaves as they are in `project` (share.ts); it sees them as Project.keepStages. */
  keepStages?: (rule: Rule, project: Project) => number[];
  /** Told of each rule that applies and, left free, would also have edited stages kept from it (those stages). */
  onKept?: (rule: Rule, project: Project, kept: number[]) => void;
}

export function applyRules(project: Project, rules: Rule[], opts: ApplyOptions = {}): AppliedRules {
  let current = project;
  const changed = new Map<string, string | null>();
  const result: AppliedRules = { dockerfile: project.dockerfile.text, files: [], notes: [], requires: [], applied: [], skipped: [], project };
  for (const rule of rules) {
    const blocked = opts.blockedBy?.(rule, result.applied) ?? null;
    if (blocked !== null) {
      result.skipped.push(skippedRule(rule.id, blocked));
      continue;
    }
    try {
      const kept = opts.keepStages?.(rule, current) ?? [];
      const seen = kept.length ? { ...current, keepStages: kept } : current;
      const verdict = rule.applies(seen);
      if (!verdict.applies) {
        const edited = editedKept(rule, current, kept);
        result.skipped.push(skippedRule(rule.id, edited.length ? onlyInBuilders(rule, current, edited) : verdict.reason));
        continue;
      }
      const edited = editedKept(rule, current, kept);
      if (edited.length) opts.onKept?.(rule, current, edited);
      const edits = rule.apply(seen);
      const next = withEdits(current, edits, rule.id);
      if (changesNothing(current, next, edits)) {
        result.skipped.push(skippedRule(rule.id, CHANGES_NOTHING));
        continue;
      }
      const absent = effectAbsent(rule, current, next);
      if (absent) {
        result.skipped.push(skippedRule(rule.id, absent));
        continue;
      }
      addRequirements(result.requires, [...(edits.requires ?? []), ...(rule.requires?.(current, next) ?? [])]);
      current = next;
      for (const f of edits.files) changed.set(f.path, f.newText);
      result.applied.push(rule.id);
      result.notes.push(...edits.notes);
    } catch (e) {
      if (!opts.keepGoing) throw e;
      result.skipped.push(skippedRule(rule.id, ruleFailed(e)));
    }
  }
  result.project = current;
  result.dockerfile = current.dockerfile.text;
  result.files = fileChanges(project, changed);
  return result;
}

/** A skipped rule from a reason: results.json keeps `reason` as the message and adds `code` beside it. */
export function skippedRule(rule: string, why: Reason): SkippedRule {
  return { rule, code: why.code, reason: why.message };
}

/** A rule (or base trial) that threw: a dflab bug, recorded instead of ending the plan. */
export function ruleFailed(e: unknown, what = 'the rule'): Reason {
  return reason('rule-failed', `${what} failed (a dflab bug): ${e instanceof Error ? e.message : String(e)}`);
}

/** Why a rule that applied is left out when its edits change nothing the build reads (a rule should have declined). */
export const CHANGES_NOTHING: Reason = reason('changes-nothing', 'its edits change nothing the build reads (only comments, blanks or line continuations): not planned');

/** Why the rule's variant is not planned under its name: the effect the rule declares is not in it (null: it is). */
export function effectAbsent(rule: Rule, before: Project, after: Project): Reason | null {
  if (!rule.effect || rule.effect.present(before, after)) return null;
  return reason('effect-absent', `${rule.effect.says} is not in the variant, so it is not a ${rule.id} variant: not planned`);
}

/** Appends the requirements `into` does not hold yet (same kind and subject). */
export function addRequirements(into: Requirement[], more: readonly Requirement[]): void {
  for (const r of more) if (!into.some((q) => q.kind === r.kind && q.subject === r.subject)) into.push(r);
}

/** True when the edits leave the effective Dockerfile and every context file as they were. */
function changesNothing(before: Project, after: Project, edits: RuleEdits): boolean {
  if (effectiveDockerfile(before.dockerfile) !== effectiveDockerfile(after.dockerfile)) return false;
  return edits.files.every((f) => (f.newText === null ? !before.contextPaths.includes(f.path) : before.files[f.path] === f.newText));
}

/** The project with a rule's edits applied; the new Dockerfile is reparsed (a rule making it unparsable is a bug). */
export function withEdits(project: Project, edits: RuleEdits, ruleId: string): Project {
  const text = applyEdits(project.dockerfile.text, edits.dockerfile);
  let dockerfile = project.dockerfile;
  if (text !== dockerfile.text) {
    try {
      dockerfile = parseDockerfile(text, project.dockerfilePath, { target: project.dockerfile.target });
    } catch (e) {
      const detail = e instanceof UserError ? e.describe() : String(e);
      throw new Error(`rule ${ruleId} produced a Dockerfile that does not parse: ${detail}`, { cause: e });
    }
  }
  const files = { ...project.files };
  const paths = new Set(project.contextPaths);
  for (const f of edits.files) {
    if (f.newText === null) {
      delete files[f.path];
      paths.delete(f.path);
    } else {
      files[f.path] = f.newText;
      paths.add(f.path);
    }
  }
  return { ...project, dockerfile, files, contextPaths: [...paths].sort() };
}

/** The net file changes: edits that end where the file started are dropped. */
export function fileChanges(original: Project, changed: Map<string, string | null>): FileEdit[] {
  const out: FileEdit[] = [];
  for (const [path, newText] of changed) {
    const existed = path in original.files || original.contextPaths.includes(path);
    if (newText === null ? existed : original.files[path] !== newText) out.push({ path, newText });
  }
  return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
