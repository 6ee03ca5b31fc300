// Our own types at the engine boundary: dockerode and execa types never leak above src/engine/.
import type { Endpoint } from './endpoint.js';
import type { StepTiming } from './rawjson.js';

export type { StepTiming };

export interface BuildRequest {
  contextDir: string;
  dockerfile: string;
  tag: string;
  runId: string;
  labels?: Record<string, string>;
  buildArgs?: Record<string, string>;
  /** Where the full rawjson stream is written; the result only keeps tails. */
  logFile: string;
  metadataFile: string;
  noCache?: boolean;
  /** The stage to build (`--target`); undefined builds the last stage. */
  target?: string;
  /** buildx builder name; undefined uses the current builder. */
  builder?: string;
  /** The engine the docker CLI talks to (where a remote builder loads into); undefined: the process's own. */
  endpoint?: Endpoint;
  /** BuildKit steps reach package mirrors through the host's network (see DESIGN.md). */
  networkHost?: boolean;
  signal?: AbortSignal;
  /** Called with a Dockerfile step's name ("[2/4] RUN …") when it starts executing. */
  onStep?: (name: string) => void;
  /** Hides secret build-arg values: applied to the log file, step names, errors and log tails before anything sees them. */
  redact?: (text: string) => string;
}

export type BuildFailureKind = 'build-failed' | 'base-unavailable';

export type BuildResult =
  | { ok: true; imageId: string; seconds: number; steps: StepTiming[]; logFile: string }
  | {
      ok: false;
      kind: BuildFailureKind;
      /** The failing step, e.g. "[2/3] RUN pip install -r requirements.txt". */
      step: string | null;
      message: string;
      logTail: string[];
      seconds: number;
      steps: StepTiming[];
      logFile: string;
    };

export interface ImageInfo {
  id: string;
  sizeBytes: number;
  labels: Record<string, string>;
  layers: string[];
}

export interface HistoryEntry {
  createdBy: string;
  sizeBytes: number;
  emptyLayer: boolean;
  comment: string;
}

export type SmokeSpec =
  | { kind: 'command'; command: string[]; expectExitCode: number; expectStdout?: string; timeoutSeconds: number }
  | {
      kind: 'http';
      port: number;
      path: string;
      method: string;
      body: string | null;
      expectStatus: number;
      expectBody?: string;
      timeoutSeconds: number;
    };

export interface SmokeResult {
  passed: boolean;
  seconds: number;
  startupSeconds: number | null;
  peakMemoryBytes: number | null;
  outputTail: string;
  /** Why it failed, in one line; null when it passed. */
  reason: string | null;
}

export interface EngineInfo {
  docker: string;
  apiVersion: string;
  storageDriver: string;
  /** True when the engine stores images in containerd (affects what image Size means). */
  containerdStore: boolean;
}

export interface BuildxInfo {
  version: string;
  builder: string;
  driver: string;
}
