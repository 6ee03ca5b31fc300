// The shape of a rule (a size/speed remedy), and the plain project data rules read. Rules are pure: they
// look at a Project and return range edits on the Dockerfile plus whole-file edits on context files.
import type { DflabConfig } from '../config/types.js';
import type { DockerfileModel, TextEdit } from '../dockerfile/index.js';

export interface Project {
  dockerfile: DockerfileModel;
  /** The Dockerfile's path relative to the build context ("Dockerfile", "docker/Dockerfile"). */
  dockerfilePath: string;
  /** Text of the small context files rules may read and edit (requirements.txt, .dockerignore …), by context-relative path. */
  files: Record<string, string>;
  /** Every file path in the build context, relative, "/"-separated. */
  contextPaths: string[];
  /** The dflab.yaml settings rules read (onnx-runtime: onnx; prune-requirements: prune.keep). Absent: defaults. */
  config?: ProjectConfig;
  /** Evidence for prune-requirements, computed by running templates/analyze_imports.py in the built original image. */
  importAnalysis?: ImportAnalysis;
}

export type ProjectConfig = Partial<Pick<DflabConfig, 'onnx' | 'prune' | 'bases'>>;

export interface ImportAnalysis {
  /** 'fallback-list' when the analysis could not run: prune-requirements then uses its fixed dev/test/notebook list. */
  method: 'import-analysis' | 'fallback-list';
  /** Distributions (PEP 503 normalized names) in the app's import closure. */
  keep: string[];
  /** Debian packages (python3-x …) owning the modules and distributions the app needs; absent when not mapped. */
  aptKeep?: string[];
  /** Imported modules nothing installed provides (shown in notes). */
  unresolved?: string[];
  /** Bytes installed by deep-learning stacks (torch, nvidia-*, triton …; Debian packages as `deb:name`). */
  heavyBytes?: Record<string, number>;
  /** With 'fallback-list': why the analysis could not run. */
  reason?: string;
}

export type Applicability = { applies: true } | { applies: false; reason: string };

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
}

export interface Rule {
  /** Stable id, used in dflab.yaml (rules.include/exclude, variants) and as the variant's name. */
  id: string;
  description: string;
  /** Whether the rule applies to this project, and if not, why (shown in the report). */
  applies(p: Project): Applicability;
  /** The edits; call only when applies(p) says it applies (it throws otherwise). */
  apply(p: Project): RuleEdits;
}
