// What multi-stage reads of the final stage before it assembles the builder and the final stage.
import type { DockerfileModel, Stage } from '../../dockerfile/index.js';
import type { FinalBase } from '../../analysis/images/final-base.js';
import type { DependencyInstall, PythonInstalls } from '../../analysis/python/installers.js';
import type { PipInstall } from '../../analysis/python/pip-args.js';
import type { StageSplit } from '../../analysis/stage/stage-split.js';
import type { TreePlan } from './trees.js';
import type { UvPattern } from './uv-pattern.js';

/** Everything the assembly needs to know about the stage. */
export interface StageFacts {
  model: DockerfileModel;
  stage: Stage;
  split: StageSplit;
  base: FinalBase;
  pip: PipInstall[];
  /** The stage's Python installs, tools and installer commands (python/installers.ts). */
  py: PythonInstalls;
  /** The stage's own dependency installs. */
  installs: DependencyInstall[];
  trees: TreePlan;
  /** The venv the stage makes itself (its last), absolute; null when it makes none. */
  stageVenv: string | null;
  uv: UvPattern | null;
  /** The final stage stays on the original base, a conda image (micromamba's: slim, its tool outside the env). */
  sameImage: boolean;
  /** The base image's own non-root user (micromamba's mambauser, jupyter's jovyan): the builder keeps the USER steps. */
  baseUser: string | null;
  /** apt packages the stage installs up to its last install. */
  aptPackages: string[];
  /** The project's editable context files (requirements …). */
  files: Record<string, string>;
  /** base-distroless's final stage: no RUN there, apt run-time files copied from the builder; null for multi-stage. */
  distroless: DistrolessShape | null;
}

export interface DistrolessShape {
  /** The distroless image's Python, e.g. 3.13 (its interpreter: /usr/bin/python3 → python3.13). */
  python: string;
  /** Debian packages the distroless image has: run-time packages among them are not copied. */
  packages: ReadonlySet<string>;
}
