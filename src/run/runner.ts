// Runs variant jobs through the build, measure and smoke queues and keeps their results. What a result means
// once the run is stopping is the StopPolicy's call; a variant dflab itself could not finish is a result too,
// but a full disk stops the run (main.ts says so).
import { totalmem } from 'node:os';
import PQueue from 'p-queue';
import prettyBytes from 'pretty-bytes';
import type { BuilderTarget } from '../engine/builders.js';
import { describeFsError } from '../errors.js';
import type { Inventory } from '../measure/inventory.js';
import type { VariantResult } from '../results.js';
import { BuildGate, type Expected } from './build-gate.js';
import { BuilderPool } from './builders.js';
import type { Progress } from './progress.js';
import type { SpendRunner } from './spend.js';
import type { StopPolicy } from './stop.js';
import { buildVariant, measureVariant, pushAhead, unmeasured, type Built, type PhaseKind, type VariantEnv, type VariantJob } from './variant.js';

/** Thrown by a queued phase that would start after the run began stopping. */
class Stopped extends Error {}

export class VariantRunner {
  /** Variant name → its result, for those that finished (or were kept from the run being resumed). */
  readonly results = new Map<string, VariantResult>();
  /** Variant name → its image's final filesystem, to compare each variant with the original. */
  readonly inventories = new Map<string, Inventory>();
  private readonly queues: Record<PhaseKind, PQueue>;
  private readonly env: VariantEnv;
  private readonly pool: BuilderPool | undefined;
  /** Builds alone or beside the rest (build-gate.ts; beside until the run chooses); work outside the queues goes
   *  through `beside`. */
  readonly gate = new BuildGate(false);
  /** A built variant's edit-rebuild, expected by the gate from its cold build until finish() queues it. */
  private readonly nextBuild = new WeakMap<Built, Expected>();

  /** `targets`: the builders builds are spread over, `concurrency` builds at a time on each (none: one build queue
   *  on `env.builder`, as when the engine's endpoint is the process's own). */
  constructor(env: Omit<VariantEnv, 'schedule' | 'signal' | 'onPhase' | 'onInventory' | 'pool' | 'gate'>, concurrency: number | undefined,
    private readonly stop: StopPolicy, private readonly progress: Progress, targets: readonly BuilderTarget[] = []) {
    const stopped = () => { if (stop.signal.aborted) throw new Stopped(); };
    this.pool = targets.length > 0 ? new BuilderPool(targets, concurrency ?? 1, stopped, this.gate) : undefined;
    this.queues = makeQueues(this.pool ? this.pool.concurrency : concurrency);
    this.env = {
      ...env, signal: stop.signal, ...(this.pool ? { pool: this.pool } : {}), gate: this.gate,
      onPhase: (name, phase) => progress.phase(name, phase),
      onInventory: (name, inventory) => this.inventories.set(name, inventory),
      schedule: (kind, fn) => this.queues[kind].add(() => {
        const guarded = async () => {
          if (stop.signal.aborted) throw new Stopped();
          return fn();
        };
        // Measurements and smoke tests go between builds: once no build runs or is queued (build-gate.ts), so they
        // neither slow a build nor hold one back while the builds last.
        return kind === 'build' ? this.gate.alone(guarded) : this.gate.between(guarded);
      }),
    };
  }

  /** Builds alone or not (build-gate.ts). Alone, measurements never run beside a build, so they go two at a time
   *  (2 cores: a push gzips in dockerd while a read gunzips and parses here) in the gaps the builds leave. */
  set buildsAlone(on: boolean) {
    this.gate.buildsAlone = on;
    this.queues.measure.concurrency = on ? MEASURES_BETWEEN_BUILDS : measureConcurrency(this.concurrency.build);
  }

  get concurrency(): Record<PhaseKind, number> {
    return { build: this.pool?.concurrency ?? this.queues.build.concurrency, measure: this.queues.measure.concurrency, smoke: this.queues.smoke.concurrency };
  }

  /** Builds the job's image; null when the variant is done (it failed, or the run is stopping). */
  async build(job: VariantJob): Promise<Built | null> {
    // Its edit-rebuild follows once finish() is called: until then no measurement slips in between the two builds.
    const next = this.gate.expect();
    const outcome = await this.guard(job, () => buildVariant(job, this.env)).catch((e: unknown) => { next.arrived(); throw e; });
    if (outcome?.kind === 'built') {
      this.nextBuild.set(outcome.built, next);
      return outcome.built;
    }
    next.arrived(); // no edit-rebuild follows
    if (outcome?.kind === 'failed') await this.settle(outcome.result);
    return null;
  }

  /** Pushes a built image now (variant.ts's pushAhead); its measurement reuses the push. */
  async pushAhead(built: Built): Promise<void> {
    await this.guard(built.job, () => pushAhead(built, this.env));
  }

  /** Measures and smoke-tests a built variant. */
  async finish(built: Built): Promise<void> {
    const measuring = this.guard(built.job, () => measureVariant(built, this.env));
    this.nextBuild.get(built)?.arrived(); // its edit-rebuild is queued now
    const result = await measuring;
    if (result) await this.settle(result);
  }

  async run(job: VariantJob): Promise<void> {
    const built = await this.build(job);
    if (built) await this.finish(built);
  }

  /** What spend.ts drives under --budget/--prove. */
  spendRunner(): SpendRunner {
    return {
      build: (job) => this.build(job), finish: (built) => this.finish(built),
      okay: (name) => this.results.get(name)?.outcome === 'ok', buildSlots: this.queues.build.concurrency,
    };
  }

  /** Starts no more work, lets what is running end. */
  async drain(): Promise<void> {
    for (const q of Object.values(this.queues)) { q.pause(); q.clear(); }
    // Builds cleared from their queues never reach the gate: nothing may wait for them.
    this.gate.buildsAlone = false;
    await Promise.all([...Object.values(this.queues).map((q) => q.onPendingZero()), this.pool?.drain()]);
  }

  private async guard<T>(job: VariantJob, step: () => Promise<T>): Promise<T | null> {
    if (this.stop.signal.aborted) return null;
    try {
      return await step();
    } catch (e) {
      if (describeFsError(e)) throw e;
      if (!(e instanceof Stopped)) await this.settle(unmeasured(job.name, job.rules, `dflab could not finish this variant: ${(e as Error).message}`));
      return null;
    }
  }

  private async settle(result: VariantResult): Promise<void> {
    const kept = await this.stop.review(result);
    if (!kept) return;
    this.results.set(kept.name, kept);
    const size = kept.sizeBytes ? `, ${prettyBytes(kept.sizeBytes)}` : '';
    this.progress.done(kept.name, kept.outcome, `${size}${kept.error ? `: ${kept.error.split('\n')[0]}` : ''}`);
  }
}

/**
 * Builds, measurements and smoke tests run in separate queues, so one variant's smoke test overlaps the
 * next one's build. Builds default to one at a time: concurrent builds share the cores and would make
 * each other's step timings slower than a real cold build (`--concurrency N` trades that for speed).
 */
export function makeQueues(concurrency?: number): Record<PhaseKind, PQueue> {
  const builds = Math.max(1, concurrency ?? 1);
  return {
    build: new PQueue({ concurrency: builds }),
    measure: new PQueue({ concurrency: measureConcurrency(builds) }),
    smoke: new PQueue({ concurrency: Math.max(1, Math.min(builds * 2, Math.floor(totalmem() / 2 ** 32))) }),
  };
}

/** Measurements at a time beside `builds` builds at a time: as many, up to two. */
function measureConcurrency(builds: number): number {
  return Math.max(1, Math.min(builds, 2));
}

/** Measurements at a time when builds run alone: none runs beside a build, so they may use both cores. */
const MEASURES_BETWEEN_BUILDS = 2;
