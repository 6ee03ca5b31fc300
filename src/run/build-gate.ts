// Builds alone: while a build runs, none of dflab's measuring work (a push, a layer read, an import analysis, a
// trace) runs beside it, and a build waits for the work already running to end; that work still overlaps itself.
// Smoke tests are not gated (runner.ts: a service may take most of a minute to answer, mostly waiting). On 2 cores a
// push (dockerd gzips each layer) or a read beside a second-long build made its attributed cold time up to twice
// what it is built alone (pip-service against bench:predict's clean rebuilds); alone, a step takes about what it
// would on an idle machine. Work that is running is never made to wait for a build that is only waiting (readers
// first): work inside a measurement may await another measurement (the push it reuses), never a build. Whether a
// run's builds go alone is chosen once its original is built (chooseBuildsAlone).
export class BuildGate implements Gate {
  private readers = 0;
  private writing = false;
  private readonly waiting: { alone: boolean; go: () => void }[] = [];

  /** `on`: builds alone; off, everything goes at once (what runs is still counted, so it can be switched any time). */
  constructor(private on = true) {}

  get buildsAlone(): boolean { return this.on; }

  set buildsAlone(on: boolean) {
    this.on = on;
    this.wake();
  }

  /** Runs a build once nothing else runs; nothing starts beside it. */
  alone<T>(fn: () => Promise<T>): Promise<T> {
    return this.enter(true).then(() => fn().finally(() => this.leave(true)));
  }

  /** Runs other work once no build runs; other work may run beside it. */
  beside<T>(fn: () => Promise<T>): Promise<T> {
    return this.enter(false).then(() => fn().finally(() => this.leave(false)));
  }

  private enter(alone: boolean): Promise<void> {
    if (this.admits(alone)) { this.take(alone); return Promise.resolve(); }
    return new Promise((go) => this.waiting.push({ alone, go }));
  }

  private admits(alone: boolean): boolean {
    return !this.on || (!this.writing && (!alone || this.readers === 0));
  }

  private take(alone: boolean): void {
    if (alone) this.writing = true; else this.readers++;
  }

  private leave(alone: boolean): void {
    if (alone) this.writing = false; else this.readers--;
    this.wake();
  }

  private wake(): void {
    // In the order they came, every waiter that can go now goes (a build only once no other work runs).
    for (let i = 0; i < this.waiting.length;) {
      const w = this.waiting[i]!;
      if (!this.admits(w.alone)) { i++; continue; }
      this.waiting.splice(i, 1);
      this.take(w.alone);
      w.go();
    }
  }
}

/** What the run's work goes through: builds `alone`, the rest `beside` (BuildGate, or open). */
export interface Gate {
  alone<T>(fn: () => Promise<T>): Promise<T>;
  beside<T>(fn: () => Promise<T>): Promise<T>;
}

/** Lets everything through at once (a builder pool made without a gate). */
export const openGate: Gate = { alone: (fn) => fn(), beside: (fn) => fn() };

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
