// What multi-stage reads of the final stage before it assembles the builder and the final stage.
import type { DockerfileModel, Stage } from '../../dockerfile/index.js';
import type { FinalBase } from '../../analysis/images/final-base.js';
import type { PipInstall } from '../../analysis/python/pip-args.js';
import type { StageSplit } from '../../analysis/stage/stage-split.js';

/** Everything the assembly needs to know about the stage. */
export interface StageFacts {
  model: DockerfileModel;
  stage: Stage;
  split: StageSplit;
  base: FinalBase;
  pip: PipInstall[];
  /** apt packages the stage installs up to its last install. */
  aptPackages: string[];
  /** The project's editable context files (requirements …). */
  files: Record<string, string>;
}
