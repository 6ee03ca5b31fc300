// The shape of a rule (a size/speed remedy), and the plain project data rules read. Rules are pure: they
// look at a Project and return range edits on the Dockerfile plus whole-file edits on context files.
import type { TextEdit } from '../dockerfile/index.js';
import type { Project } from '../analysis/project.js';
import type { Reason } from '../reasons.js';
import type { Requirement } from '../results.js';

export type { ImportAnalysis, MinifyEvidence, Project, ProjectConfig } from '../analysis/project.js';
export type { Reason, ReasonCode } from '../reasons.js';
export type { Requirement, RequirementKind } from '../results.js';

export type Applicability = { applies: true } | { applies: false; reason: Reason };

export interface FileEdit {
  /** Context-relative path. */
  path: string;
  /** The file's new text; null deletes it. */
  newText: string | null;
}

export interface RuleEdits {
  dockerfile: TextEdit[];
  files: FileEdit[];
  /** Warnings for the report: what the variant may break, what the user should check. */
  notes: string[];
  /** What the variant asks of the app and its users that only the rule's analysis knows (packages it dropped …). */
  requires?: Requirement[];
}

/** What a rule's variant must show to be named after the rule: the planner declines it (effect-absent) otherwise. */
export interface RuleEffect {
  /** The effect, in words: "the final stage's base changes". */
  says: string;
  present(before: Project, after: Project): boolean;
}

export interface Rule {
  /** Stable id, used in dflab.yaml (rules.include/exclude, variants) and as the variant's name. */
  id: string;
  description: string;
  /** Whether the rule applies to this project, and if not, why (shown in the report). */
  applies(p: Project): Applicability;
  /** The edits; call only when applies(p) says it applies (it throws otherwise). */
  apply(p: Project): RuleEdits;
  /** What its variant must show (checked by the planner on the project before and after the edits). */
  effect?: RuleEffect;
  /** What its variant requires by the rule's nature, read from the project before and after its edits. */
  requires?(before: Project, after: Project): Requirement[];
  /** The evidence read from the built original its edits depend on (Project.importAnalysis, Project.minifyTrace):
   *  a run plans its variants only once that evidence is in; a rule without it reads the project alone. */
  evidence?: RuleEvidence;
}

export type RuleEvidence = 'import-analysis' | 'minify-trace';
