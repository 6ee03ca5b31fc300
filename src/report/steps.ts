// A variant's build steps as the report lists them: in Dockerfile order (BuildKit records them in the order
// they finished), a cached step showing "cached" rather than the cold time estimated for it.
import { parseDockerfile } from '../dockerfile/index.js';
import type { StepRecord } from '../results.js';

export interface StepRow {
  name: string;
  /** "12.34", or "cached" for a step BuildKit did not run. */
  time: string;
  cached: boolean;
  /** For a cached step with a time from the step-time history: what it took when it last ran. */
  title: string | null;
}

export interface StepsView { rows: StepRow[]; total: string; cachedCount: number }

/** BuildKit's "[stage 2/5] RUN …": the stage (absent in one-stage builds) and the step's number in it. */
const STEP_PREFIX = /^\[(?:(\S+) )?(\d+)\/\d+\]/;

export function stepsView(steps: readonly StepRecord[], dockerfile: string | null): StepsView {
  const stageIndex = stageOrder(dockerfile);
  const key = (name: string): [number, number] => {
    const m = STEP_PREFIX.exec(name);
    if (!m) return [Number.MAX_SAFE_INTEGER, 0];
    return [m[1] === undefined ? 0 : stageIndex(m[1]), Number(m[2])];
  };
  const ordered = steps.map((s, i) => ({ s, i, k: key(s.name) }))
    .sort((a, b) => a.k[0] - b.k[0] || a.k[1] - b.k[1] || a.i - b.i)
    .map(({ s }) => s);
  const ran = ordered.filter((s) => !s.cached);
  return {
    rows: ordered.map((s) => ({
      name: s.name,
      time: s.cached ? 'cached' : s.seconds.toFixed(2),
      cached: s.cached,
      title: s.cached && s.seconds > 0 ? `took ${s.seconds.toFixed(1)} s when it last ran uncached` : null,
    })),
    total: ran.reduce((n, s) => n + s.seconds, 0).toFixed(2),
    cachedCount: ordered.length - ran.length,
  };
}

/** Stage label → its position: a named stage by its FROM … AS name, an unnamed one as BuildKit's "stage-N". */
function stageOrder(dockerfile: string | null): (label: string) => number {
  const names = new Map<string, number>();
  if (dockerfile !== null) {
    try {
      for (const s of parseDockerfile(dockerfile).stages) if (s.name) names.set(s.name.toLowerCase(), s.index);
    } catch {
      // A Dockerfile the parser rejects still built: fall back to the stage-N numbers alone.
    }
  }
  return (label) => {
    const named = names.get(label.toLowerCase());
    if (named !== undefined) return named;
    const m = /^stage-(\d+)$/.exec(label);
    return m ? Number(m[1]) : Number.MAX_SAFE_INTEGER - 1;
  };
}
