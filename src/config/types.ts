// The normalized dflab.yaml: every default filled in, smoke as a tagged union. What the rest of the
// tool reads; the raw YAML shape never leaves src/config/.
import type { RankObjective } from '../results.js';

export type SmokeConfig =
  | {
      kind: 'command';
      /** argv; a command given as one string becomes ["sh", "-c", string]. */
      command: string[];
      expectExitCode: number;
      /** Regex the stdout must match. */
      expectStdout?: string;
      timeoutSeconds: number;
    }
  | {
      kind: 'http';
      port: number;
      path: string;
      method: string;
      body: string | null;
      expectStatus: number;
      /** Regex the response body must match. */
      expectBody?: string;
      timeoutSeconds: number;
    };

export interface VariantConfig {
  name: string;
  rules: string[];
}

export interface OnnxConfig {
  /** Command run in the builder stage to export the model. */
  export: string;
  /** Path of the exported model inside the image. */
  artifact: string;
  /** Packages the final stage installs instead of torch. */
  runtime: string[];
  env: Record<string, string>;
}

/** Which rule choices the command line made (`--rules` replaced include; `--skip-rules` added these ids), so the planner's reasons name what the user typed. */
export interface RulesByFlag { include: boolean; exclude: string[] }

/** A buildx builder to build with, and the docker context its images are loaded into (null: found from the builder). */
export interface BuilderConfig { name: string; context: string | null }

export interface DflabConfig {
  dockerfile: string;
  context: string;
  /** The stage to build and tune (`--target`); null: the last stage that is not a helper (src/dockerfile/target.ts). */
  target: string | null;
  /** The first smoke probe (what code that knows one probe reads); null when none is configured. */
  smoke: SmokeConfig | null;
  /** Every smoke probe (dflab.yaml `smoke:` as a list): all must pass on every variant. */
  smokeProbes?: SmokeConfig[];
  /** Paths the minify variant keeps beside those the traced probes touched (a directory: all it holds). */
  minify?: { keep: string[] };
  /** Empty include means every rule. `force`: rules planned even where their evidence predicts failure (FORCEABLE). */
  rules: { include: string[]; exclude: string[]; force: string[]; byFlag?: RulesByFlag };
  bases: string[];
  variants: VariantConfig[];
  prune: { keep: string[] };
  onnx: OnnxConfig | null;
  /** A named objective, or `{weights}` when dflab.yaml gives rank.weights. */
  rank: { objective: RankObjective };
  buildArgs: Record<string, string>;
  /** Names of build args whose values come from the environment at run time; never printed. */
  secretBuildArgs: string[];
  /** Edit-rebuilds measured per variant (`--repeat` overrides it). */
  repeat: number;
  /** Measure each variant's zstd size beside gzip (`--zstd`): a report column that costs a zstd pass over every
   *  new layer on the classic image store, so it is asked for, not default. */
  zstd: boolean;
  /** The builders variants are spread over (`--builder a,b` overrides it); empty: buildx's current builder. */
  builders: BuilderConfig[];
}

/** Every smoke probe of a config (one made before `smokeProbes` existed has only `smoke`). */
export function smokeProbes(config: Pick<DflabConfig, 'smoke' | 'smokeProbes'>): SmokeConfig[] {
  return config.smokeProbes ?? (config.smoke ? [config.smoke] : []);
}
