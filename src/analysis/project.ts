// The plain project data rules and analyses read: the parsed Dockerfile, the small context files, the context's
// paths, the dflab.yaml settings rules use, and the import analysis's evidence.
import type { DflabConfig } from '../config/types.js';
import type { ContextScan } from './context/unreferenced.js';
import type { DockerfileModel } from '../dockerfile/index.js';
import type { ImportAnalysis } from '../results.js';

export type { ImportAnalysis } from '../results.js';

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
  /** Context file sizes and the texts that may name them, for the large files nothing references (dockerignore). Absent: not gathered. */
  contextScan?: ContextScan;
  /** Evidence for prune-requirements, computed by running templates/analyze_imports.py in the built original image. */
  importAnalysis?: ImportAnalysis;
  /**
   * Stages (by index) that pip-no-cache, pip-cache-mount, apt-hygiene and merge-runs leave as they are: in a
   * combination, the builders whose steps the variant shares with other variants (plan/share.ts). Absent: none.
   */
  keepStages?: readonly number[];
  /** Evidence for minify: the original image's smoke probes traced (src/run/minify-evidence.ts). */
  minifyTrace?: MinifyEvidence;
}

/** What the traced probes kept, and how the image runs (a FROM scratch image must say it again). */
export type MinifyEvidence =
  | {
      ok: true;
      /** Paths relative to /, parents first: what `tar --no-recursion -T` reads. */
      keep: string[];
      probes: number;
      /** The traced image's own shell and GNU tar: the pick stage then runs on the built stage itself (a bind mount
       *  of a large stage holds a RUN back for seconds). Absent: the pick stage brings its own tools. */
      tools?: { shell: string; tar: string };
      run: { env: string[]; workdir: string; user: string; entrypoint: string[]; cmd: string[]; exposedPorts: string[] };
    }
  | { ok: false; reason: string };

export type ProjectConfig = Partial<Pick<DflabConfig, 'onnx' | 'prune' | 'bases' | 'rules'>>;
