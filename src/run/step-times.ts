// Fair cold-build times without rebuilding from scratch: the duration measured when a step really ran
// is credited to any later build that hit the cache for it. Steps are identified by their stable key
// (name and inputs, see rawjson.ts), persisted across runs on this machine. Every real run of a step is kept (the
// last few): a cache hit is credited with their median, and their spread is the step's noise. A step's quiet seconds
// (before its first log line and after its last: an installer's fixed cost, cold.ts) are kept beside and credited alike.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import type { StepTiming } from '../engine/types.js';
import { combinedSpread, median, spreadOf } from '../measure/spread.js';

/** `[2/9] FROM docker.io/library/python:3.13@sha256:…`, `[builder 1/4] FROM …`. */
const BASE_STEP = /^\[[^\]]*\] FROM /;

/** Observations kept per step: enough for a spread, few enough that an old, slower machine state ages out. */
const KEPT = 10;

export interface StepRecord {
  name: string;
  seconds: number;
  cached: boolean;
  estimated: boolean;
  /** Half the range of the step's recorded durations; null when it was recorded fewer than twice. */
  spread: number | null;
  /** StepTiming.quietSeconds of a step that ran in this build; for a cache hit, the median of those recorded. */
  quietSeconds?: number;
}

export interface Attributed {
  steps: StepRecord[];
  coldSeconds: number;
  /** ± of coldSeconds (the steps' spreads combined); null when a step that takes time was recorded only once. */
  coldSpreadSeconds: number | null;
}

export class StepTimes {
  private constructor(private readonly file: string | null, private readonly seen: Map<string, number[]>, private readonly quiet: Map<string, number[]>) {}

  static inMemory(): StepTimes { return new StepTimes(null, new Map(), new Map()); }

  static async load(file = defaultFile()): Promise<StepTimes> {
    const data = await readFile(file, 'utf8').then((t) => JSON.parse(t) as unknown).catch(() => ({}));
    return new StepTimes(file, parseHistory(data), parseQuietHistory(data));
  }

  /** Records steps that really ran; returns per-step records and the attributed cold total with its spread. */
  attribute(steps: StepTiming[], noCache = false): Attributed {
    const out: StepRecord[] = [];
    for (const s of steps) {
      // A base's FROM costs nothing in a cold build, run or not: a cold build is one with no cache above the base, and
      // resolving (or pulling) the base is below it. Run, on hello-py's first build after the build cache was emptied,
      // it took 0.04-0.06 s (0.000-0.001 s in the builds after) of a build whose original measures 0.25-0.38 s in a
      // run: counted, it set a run's first build apart.
      if (BASE_STEP.test(s.name)) {
        out.push({ name: s.name, seconds: 0, cached: s.cached, estimated: s.cached, spread: 0 });
        continue;
      }
      if (!s.cached && s.error === null && s.completedAt) {
        this.observe(s.key, s.seconds);
        if (s.quietSeconds !== undefined) this.observe(s.key, s.quietSeconds, this.quiet);
      }
      // A step BuildKit reports cached even under --no-cache (WORKDIR, for one; the same WORKDIR runs in another
      // --no-cache build) cost nothing in this cold build: an observation of 0 s, so its spread becomes known too.
      if (s.cached && noCache) this.observe(s.key, 0);
      const known = this.seen.get(s.key);
      const quiet = s.cached ? this.quiet.get(s.key) : undefined;
      out.push({
        name: s.name, seconds: s.cached ? (known ? median(known) : 0) : s.seconds, cached: s.cached,
        estimated: s.cached && known !== undefined, spread: known ? spreadOf(known) : null,
        ...(!s.cached && s.quietSeconds !== undefined ? { quietSeconds: s.quietSeconds } : quiet ? { quietSeconds: median(quiet) } : {}),
      });
    }
    const spread = combinedSpread(out);
    return { steps: out, coldSeconds: round(out.reduce((sum, s) => sum + s.seconds, 0)), coldSpreadSeconds: spread === null ? null : round(spread) };
  }

  async save(): Promise<void> {
    if (!this.file) return;
    await mkdir(dirname(this.file), { recursive: true });
    // A step seen once stays a plain number, as files written before observations were kept have it; one with quiet
    // seconds is {seconds, quiet} (a reader that predates them skips it).
    const entries = [...this.seen].map(([key, xs]) => {
      const quiet = this.quiet.get(key);
      return [key, quiet?.length ? { seconds: xs, quiet } : xs.length === 1 ? xs[0] : xs];
    });
    await writeFile(this.file, JSON.stringify(Object.fromEntries(entries)));
  }

  private observe(key: string, seconds: number, into: Map<string, number[]> = this.seen): void {
    into.set(key, [...(into.get(key) ?? []), seconds].slice(-KEPT));
  }
}

/** `{key: seconds}` (older files), `{key: [seconds, …]}` or `{key: {seconds: […], quiet: […]}}`; anything else in the
 *  file is ignored. */
export function parseHistory(data: unknown): Map<string, number[]> {
  return parseEntries(data, (value) => (isRecord(value) ? value['seconds'] : value));
}

/** The quiet seconds of the `{seconds, quiet}` entries. */
export function parseQuietHistory(data: unknown): Map<string, number[]> {
  return parseEntries(data, (value) => (isRecord(value) ? value['quiet'] : undefined));
}

function parseEntries(data: unknown, pick: (value: unknown) => unknown): Map<string, number[]> {
  const out = new Map<string, number[]>();
  if (!isRecord(data)) return out;
  for (const [key, entry] of Object.entries(data)) {
    const value = pick(entry);
    const xs = (Array.isArray(value) ? value : [value]).filter((n): n is number => typeof n === 'number' && Number.isFinite(n) && n >= 0);
    if (xs.length) out.set(key, xs.slice(-KEPT));
  }
  return out;
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function defaultFile(): string {
  const base = process.env['XDG_CACHE_HOME'] ?? join(homedir(), '.cache');
  return join(base, 'dflab', 'step-seconds.json');
}

export function round(n: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}
