// Builds alone: while a build runs, none of dflab's measuring work (a push, a layer read, an import analysis, a
// trace, a smoke test) runs beside it, and a build waits for the work already running to end; that work still
// overlaps itself. On 2 cores a push (dockerd gzips each layer) or a read beside a second-long build made its
// attributed cold time up to twice what it is built alone (pip-service against bench:predict's clean rebuilds);
// alone, a step takes about what it would on an idle machine. Work that is running is never made to wait for a build
// that is only waiting (readers first): work inside a measurement may await another measurement (the push it
// reuses), never a build. Whether a run's builds go alone is chosen once its original is built (chooseBuildsAlone).
// Builds first: a variant's measurement and smoke test (`between`) start only once no build runs, waits or is
// queued — so the builds go back to back and the measurements they leave run together (two at a time, runner.ts),
// instead of each build waiting for the last one's measurement while a core idles, and a smoke test that takes a
// minute to answer holds no build back. The original's evidence (its push, read, import analysis and trace) goes
// `beside`, at once: every prediction is made from it before the variants build; the predictions too (trial.ts),
// which ran beside the variants started early.
export class BuildGate implements Gate {
  private readers = 0;
  private writing = false;
  /** Builds queued for a builder that have not reached the gate yet (expect()). */
  private expected = 0;
  private readonly waiting: { kind: Kind; go: () => void }[] = [];

  /** `on`: builds alone; off, everything goes at once (what runs is still counted, so it can be switched any time). */
  constructor(private on = true) {}

  get buildsAlone(): boolean { return this.on; }

  set buildsAlone(on: boolean) {
    this.on = on;
    this.wake();
  }

  /** Runs a build once nothing else runs; nothing starts beside it. `expected`: what expect() gave when the build was
   *  queued (it arrives here, with no gap in which a measurement could slip in). */
  alone<T>(fn: () => Promise<T>, expected?: Expected): Promise<T> {
    expected?.arrived(false);
    return this.pass('alone', fn);
  }

  /** Runs other work once no build runs; other work may run beside it. */
  beside<T>(fn: () => Promise<T>): Promise<T> {
    return this.pass('beside', fn);
  }

  /** Runs a measurement once no build runs, waits at the gate or is expected; other work may run beside it. */
  between<T>(fn: () => Promise<T>): Promise<T> {
    return this.pass('between', fn);
  }

  /** A build was queued for a builder: `between` work waits for it too until it reaches the gate (`alone(fn, it)`),
   *  or until `arrived()` says it never will (refused, failed); only the first arrival counts. */
  expect(): Expected {
    this.expected++;
    let pending = true;
    const arrived = (wake = true) => {
      if (!pending) return;
      pending = false;
      this.expected--;
      if (wake) this.wake();
    };
    return { arrived };
  }

  private pass<T>(kind: Kind, fn: () => Promise<T>): Promise<T> {
    return this.enter(kind).then(() => fn().finally(() => this.leave(kind)));
  }

  private enter(kind: Kind): Promise<void> {
    if (this.admits(kind)) { this.take(kind); return Promise.resolve(); }
    return new Promise((go) => this.waiting.push({ kind, go }));
  }

  private admits(kind: Kind): boolean {
    if (!this.on) return true;
    if (this.writing) return false;
    if (kind === 'alone') return this.readers === 0;
    return kind === 'beside' || (this.expected === 0 && !this.waiting.some((w) => w.kind === 'alone'));
  }

  private take(kind: Kind): void {
    if (kind === 'alone') this.writing = true; else this.readers++;
  }

  private leave(kind: Kind): void {
    if (kind === 'alone') this.writing = false; else this.readers--;
    this.wake();
  }

  private wake(): void {
    // In the order they came, every waiter that can go now goes (a build only once no other work runs).
    for (let i = 0; i < this.waiting.length;) {
      const w = this.waiting[i]!;
      if (!this.admits(w.kind)) { i++; continue; }
      this.waiting.splice(i, 1);
      this.take(w.kind);
      w.go();
    }
  }
}

type Kind = 'alone' | 'beside' | 'between';

/** A build on its way to the gate (BuildGate.expect). */
export interface Expected { arrived(wake?: boolean): void }

/** What the run's work goes through: builds `alone`, measurements `between` them, the rest `beside` (BuildGate, or
 *  open). */
export interface Gate {
  alone<T>(fn: () => Promise<T>, expected?: Expected): Promise<T>;
  beside<T>(fn: () => Promise<T>): Promise<T>;
  between<T>(fn: () => Promise<T>): Promise<T>;
  expect(): Expected;
}

/** Lets everything through at once (a builder pool made without a gate). */
export const openGate: Gate = { alone: (fn) => fn(), beside: (fn) => fn(), between: (fn) => fn(), expect: () => ({ arrived: () => undefined }) };

/** Builds shorter than this are run alone by default (see chooseBuildsAlone). */
export const ALONE_BELOW_SECONDS = 60;

export interface BuildsAloneChoice { alone: boolean; why: string }

/**
 * Whether builds run alone, decided once the original is built. Work beside a build slows its steps by the share of
 * the build it overlaps: a variant's push and read take seconds to a minute, so they cover most of a build under a
 * minute (pip-service's 1–4 s builds measured up to twice their clean time beside them, within ~20% of it alone)
 * and a small part of one of several minutes (text-classifier's 5–6 min base-slim +8–10%), where running alone
 * would cost minutes. So: `--builds-alone`/`--no-builds-alone` when given; never over several
 * builders or with `--concurrency` above 1 (builds overlap each other there: speed was chosen); else alone when the
 * original's cold build took under ALONE_BELOW_SECONDS.
 */
export function chooseBuildsAlone(o: { flag?: boolean; concurrency?: number; builders: number; originalColdSeconds: number | null }): BuildsAloneChoice {
  if (o.flag !== undefined) return { alone: o.flag, why: o.flag ? '--builds-alone' : '--no-builds-alone' };
  if (o.builders > 1) return { alone: false, why: 'several builders build at once' };
  if ((o.concurrency ?? 1) > 1) return { alone: false, why: `--concurrency ${o.concurrency} builds at once` };
  if (o.originalColdSeconds === null) return { alone: false, why: "the original's cold build time is not known" };
  return o.originalColdSeconds < ALONE_BELOW_SECONDS
    ? { alone: true, why: `the original built in ${o.originalColdSeconds.toFixed(1)} s: work beside a build that short would inflate its time` }
    : { alone: false, why: `the original built in ${Math.round(o.originalColdSeconds)} s: measurements run beside builds (each slows a build that long by a small share)` };
}
