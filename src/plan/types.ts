// What the planner hands to the run: the variants to build, and the rules (or variants) left out and why.
import type { RulesByFlag } from '../config/types.js';
import type { TargetRecord } from '../results.js';
import type { ReasonCode } from '../reasons.js';
import type { FileEdit, Requirement } from '../rules/types.js';

export interface PlannedVariant {
  /** "original", a rule id for a single-rule variant, or a combination's name. */
  name: string;
  /** The rules applied, in order ([] for the original). */
  rules: string[];
  /** The variant's full Dockerfile text. */
  dockerfile: string;
  /** Context files the variant changes (against the original project), sorted by path. */
  files: FileEdit[];
  /** Warnings from the rules, for the report. */
  notes: string[];
  /** For a base trial (dflab.yaml `bases:`): the candidate image the final stage runs on. */
  base?: string;
  /** What the variant requires (from its rules; a base trial: its base). */
  requires: Requirement[];
  /** Later variants with the same effective build: built once, as this one, and shown with both names. */
  aliases: { name: string; rules: string[] }[];
}

export interface SkippedRule {
  /** The rule id (or the dropped variant's name). */
  rule: string;
  /** Why, as a stable code (src/reasons.ts): what code decides on. */
  code: ReasonCode;
  /** Why, in words: the reason's message. */
  reason: string;
}

export interface Plan {
  /** The original first, then one variant per applicable rule, `all`, the dflab.yaml combinations and the base trials; a variant whose effective build was planned already is an alias of that one. */
  variants: PlannedVariant[];
  skipped: SkippedRule[];
  /** The stage the rules tuned. */
  target: TargetRecord;
}

export interface PlanOptions {
  /** Only these rule ids (all rules when empty or absent). */
  include?: string[];
  /** Never these rule ids. */
  exclude?: string[];
  /** Which of include/exclude the command line gave (`--rules`, `--skip-rules`): reasons name the flag, not the dflab.yaml key. */
  byFlag?: RulesByFlag;
  /** Named rule combinations (dflab.yaml `variants:`); their rules apply whatever include/exclude say. */
  variants?: { name: string; rules: string[] }[];
  /** Candidate bases for the final stage (dflab.yaml `bases:`, `--bases`); default: project.config?.bases. */
  bases?: string[];
  /** The cumulative `all` variant (every selected, compatible rule); default true. */
  cumulative?: boolean;
}
