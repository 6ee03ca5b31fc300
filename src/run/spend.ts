// Where `--budget` and `--prove N` spend builds (the decision is pure; spendBuilds drives the runner with it).
// Variants are started best predicted first; no build starts once the budget is spent (wall seconds since the run
// began, the original's build included) or once N variants are proven — measured and smoke-passed. A variant that
// fails is replaced by the next one. While fewer than N are proven, at most N - proven variants are in flight (any
// of them may prove), and never more builds than the build queue runs at once.
import type { Built, VariantJob } from './variant.js';

export interface SpendLimits {
  /** Wall seconds from the run's start after which no build starts. */
  budgetSeconds?: number;
  /** Stop once this many variants are proven. */
  prove?: number;
}

export interface SpendState {
  /** Variants still to start, best first. */
  waiting: readonly string[];
  /** Started and still building. */
  building: number;
  /** Built, still being measured or smoke-tested. */
  finishing: number;
  proven: number;
  elapsedSeconds: number;
  /** Builds the build queue runs at once. */
  buildSlots: number;
}

export type StopWhy = 'budget-spent' | 'proven';

/** The variants a run left unbuilt, why, and the limits it ran under. */
export interface NotBuilt { names: string[]; why: StopWhy; limits: SpendLimits }

/** "the top 2 by prediction were proven (--prove 2)", "the budget of 20m was spent (--budget)". */
export function notBuiltReason(n: NotBuilt): string {
  return n.why === 'proven'
    ? `the top ${n.limits.prove} by prediction were proven (--prove ${n.limits.prove})`
    : `the budget of ${durationText(n.limits.budgetSeconds ?? 0)} was spent (--budget)`;
}

/** `--budget 20m`, `90s`, `1h`, `1h30m`, or plain seconds; null when it is none of these. */
export function parseDuration(text: string): number | null {
  const m = /^(?:(\d+(?:\.\d+)?)h)?(?:(\d+(?:\.\d+)?)m)?(?:(\d+(?:\.\d+)?)s?)?$/.exec(text.trim());
  if (!m || text.trim() === '' || !(m[1] || m[2] || m[3])) return null;
  const seconds = Number(m[1] ?? 0) * 3600 + Number(m[2] ?? 0) * 60 + Number(m[3] ?? 0);
  return seconds > 0 ? seconds : null;
}

export function durationText(seconds: number): string {
  const [h, m, s] = [Math.floor(seconds / 3600), Math.floor((seconds % 3600) / 60), Math.round(seconds % 60)];
  return `${h ? `${h}h` : ''}${m ? `${m}m` : ''}${s || (!h && !m) ? `${s}s` : ''}`;
}
export type SpendDecision = { kind: 'start'; name: string } | { kind: 'wait' } | { kind: 'stop'; why: StopWhy | null };

export function nextSpend(s: SpendState, limits: SpendLimits): SpendDecision {
  if (limits.prove !== undefined && s.proven >= limits.prove) return { kind: 'stop', why: 'proven' };
  if (limits.budgetSeconds !== undefined && s.elapsedSeconds >= limits.budgetSeconds) return { kind: 'stop', why: 'budget-spent' };
  const inFlight = s.building + s.finishing;
  if (s.waiting.length === 0) return inFlight > 0 ? { kind: 'wait' } : { kind: 'stop', why: null };
  if (s.building >= s.buildSlots) return { kind: 'wait' };
  if (limits.prove !== undefined && s.proven + inFlight >= limits.prove) return { kind: 'wait' };
  return { kind: 'start', name: s.waiting[0]! };
}

/** What the run needs from its runner: build, then measure and smoke-test; whether the variant came out ok. */
export interface SpendRunner {
  build(job: VariantJob): Promise<Built | null>;
  finish(built: Built): Promise<void>;
  okay(name: string): boolean;
  readonly buildSlots: number;
}

/**
 * Starts the jobs in `order` as nextSpend says until it stops; returns the names never started and why they were
 * not (null: everything ran). `elapsed` gives the wall seconds since the run began; `stopped` ends it early.
 */
export async function spendBuilds(jobs: readonly VariantJob[], order: readonly string[], limits: SpendLimits, runner: SpendRunner,
  elapsed: () => number, stopped: () => boolean): Promise<{ notStarted: string[]; why: StopWhy | null }> {
  const byName = new Map(jobs.map((j) => [j.name, j]));
  const waiting = order.filter((n) => byName.has(n));
  const flights = new Set<Promise<void>>();
  let [building, finishing, proven] = [0, 0, 0];
  for (;;) {
    if (stopped()) {
      await Promise.all(flights);
      return { notStarted: waiting, why: null };
    }
    const d = nextSpend({ waiting, building, finishing, proven, elapsedSeconds: elapsed(), buildSlots: runner.buildSlots }, limits);
    if (d.kind === 'stop') {
      await Promise.all(flights);
      return { notStarted: waiting, why: d.why };
    }
    if (d.kind === 'wait') { await Promise.race(flights); continue; }
    const job = byName.get(waiting.shift()!)!;
    building++;
    const flight = (async () => {
      const built = await runner.build(job).finally(() => { building--; });
      if (built) {
        finishing++;
        await runner.finish(built).finally(() => { finishing--; });
        if (runner.okay(job.name)) proven++;
      }
    })();
    flights.add(flight);
    flight.finally(() => flights.delete(flight)).catch(() => undefined); // its failure is heard where it is awaited
  }
}
