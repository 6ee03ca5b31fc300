// The trial's lower bound (issue 14): what no scheduler of the same builds could avoid — every distinct BuildKit
// step that really executed, counted once however many builds ran it, plus each build's image export (an export
// is per image: it is never shared). Pure: it receives the steps parsed from each build's rawjson log.

/** A step as engine/rawjson.ts's BuildProgress reports it (only the fields the limit reads). */
export interface LimitStep {
  /** Identity across builds (name without position + inputs' keys); vertex digests differ per session. */
  key: string;
  name: string;
  seconds: number;
  cached: boolean;
  error: string | null;
  completedAt: string | null;
}

export interface TrialLimit {
  /** stepSeconds + exportSeconds. */
  seconds: number;
  /** Distinct executed steps, each at the shortest time any build took for it. */
  stepSeconds: number;
  exportSeconds: number;
  distinctSteps: number;
  exports: number;
}

/** `exporting to image` (docker driver), `exporting to docker image format` / `sending tarball` (container driver). */
const EXPORT = /^(exporting to |sending tarball)/;

export function isExportStep(name: string): boolean {
  return EXPORT.test(name);
}

/** A step that ran to completion in this build (a cache hit or a failure did not run to completion). */
function executed(s: LimitStep): boolean {
  return !s.cached && s.error === null && s.completedAt !== null;
}

export function trialLimit(builds: LimitStep[][]): TrialLimit {
  const steps = new Map<string, number>();
  let exportSeconds = 0;
  let exports = 0;
  for (const build of builds) {
    for (const s of build.filter(executed)) {
      if (isExportStep(s.name)) { exportSeconds += s.seconds; exports++; continue; }
      // The same step timed twice (two builds, or a loaded machine): its shortest time is what it costs.
      steps.set(s.key, Math.min(steps.get(s.key) ?? Infinity, s.seconds));
    }
  }
  const stepSeconds = [...steps.values()].reduce((a, b) => a + b, 0);
  return { seconds: round(stepSeconds + exportSeconds), stepSeconds: round(stepSeconds), exportSeconds: round(exportSeconds), distinctSteps: steps.size, exports };
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}
