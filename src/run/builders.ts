// Builds spread over several buildx builders: a p-queue per builder (its own builds at a time), and a dispatcher
// that hands each cold build to whichever builder has the least work when the build's turn comes. A variant's
// later builds (the no-cache re-timing, the edit-rebuilds) go to the builder that built it: its cache is there.
import PQueue from 'p-queue';
import type { BuilderSpec, BuilderTarget } from '../engine/builders.js';
import { openGate, type Expected, type Gate } from './build-gate.js';

export class BuilderPool {
  private readonly queues: PQueue[];
  private readonly dispatch: PQueue;

  /** `perBuilder`: builds at a time on each builder; each build passes `gate` once its builder's queue starts it. */
  constructor(readonly targets: readonly BuilderTarget[], perBuilder: number, private readonly guard: () => void = () => undefined, private readonly gate: Gate = openGate) {
    if (targets.length === 0) throw new Error('a builder pool needs at least one builder');
    const c = Math.max(1, perBuilder);
    this.queues = targets.map(() => new PQueue({ concurrency: c }));
    this.dispatch = new PQueue({ concurrency: c * targets.length });
  }

  get first(): BuilderTarget { return this.targets[0]!; }

  /** Builds at a time over all builders. */
  get concurrency(): number { return this.dispatch.concurrency; }

  /** Runs `fn` on `on` when given, else on the builder free first. */
  async run<T>(fn: (target: BuilderTarget) => Promise<T>, on?: BuilderTarget): Promise<T> {
    // From now until its builder starts it, the build holds back the gate's `between` work (measurements).
    const expected = this.gate.expect();
    try {
      if (on) return await this.on(this.indexOf(on), fn, expected);
      return await this.dispatch.add(() => this.on(this.leastBusy(), fn, expected));
    } finally {
      expected.arrived(); // refused or failed before it reached the gate
    }
  }

  /** Starts no more work and lets what runs end. */
  async drain(): Promise<void> {
    for (const q of [this.dispatch, ...this.queues]) { q.pause(); q.clear(); }
    await Promise.all([this.dispatch, ...this.queues].map((q) => q.onPendingZero()));
  }

  private on<T>(i: number, fn: (target: BuilderTarget) => Promise<T>, expected: Expected): Promise<T> {
    return this.queues[i]!.add(() => this.gate.alone(async () => { this.guard(); return fn(this.targets[i]!); }, expected));
  }

  /** The builder with the fewest builds running and waiting (the first of equals: the original's builder first). */
  private leastBusy(): number {
    let best = 0;
    for (let i = 1; i < this.queues.length; i++) if (load(this.queues[i]!) < load(this.queues[best]!)) best = i;
    return best;
  }

  private indexOf(target: BuilderTarget): number {
    const i = this.targets.findIndex((t) => t.name === target.name);
    if (i < 0) throw new Error(`builder ${target.name} is not in this run's pool`);
    return i;
  }
}

function load(q: PQueue): number { return q.pending + q.size; }

/** `--builder a,b` (or one name), else dflab.yaml's builders, else buildx's current builder. */
export function builderSpecs(flag: string | undefined, configured: readonly BuilderSpec[]): BuilderSpec[] {
  const named = (flag ?? '').split(',').map((s) => s.trim()).filter((s) => s !== '');
  if (named.length > 0) return named.map((name) => ({ name, context: configured.find((b) => b.name === name)?.context ?? null }));
  return configured.length > 0 ? [...configured] : [{ name: null, context: null }];
}
