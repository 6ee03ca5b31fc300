// When a run stops early, in one place: the user's SIGINT/SIGTERM, or the Docker engine no longer answering.
// Either aborts `signal`, which every queued phase and engine call watches; this also decides what a variant's
// result means once the run is stopping, and why a planned variant has none.
import { pingEngine } from '../engine/docker.js';
import type { VariantResult } from '../results.js';
import { unmeasured } from './variant.js';

export type StopReason = 'interrupted' | 'engine-lost';

export class StopPolicy {
  private readonly controller = new AbortController();
  private lost: string | null = null;

  constructor(
    private readonly user: AbortSignal | undefined,
    private readonly log: (line: string) => void,
    private readonly ping: () => Promise<string | null> = pingEngine,
  ) {
    if (user?.aborted) this.controller.abort();
    user?.addEventListener('abort', () => this.controller.abort(), { once: true });
  }

  /** Aborted once the run is stopping, for either reason. */
  get signal(): AbortSignal { return this.controller.signal; }

  /** Why the engine stopped answering mid-run; null when it did not. */
  get engineLost(): string | null { return this.lost; }

  get reason(): StopReason | null {
    if (this.lost) return 'engine-lost';
    return this.user?.aborted ? 'interrupted' : null;
  }

  /**
   * A finished variant's result as the run keeps it: null when the stop cut it short (it is then listed as not
   * run); a failure caused by the engine going away stops the run and is kept as not run, so `--resume` builds it
   * again.
   */
  async review(result: VariantResult): Promise<VariantResult | null> {
    if (this.signal.aborted) return result.outcome === 'ok' ? result : null;
    if (result.outcome === 'ok' || result.outcome === 'smoke-failed') return result;
    this.lost = await this.ping();
    if (!this.lost) return result;
    this.log(`the Docker engine stopped answering (${this.lost}): stopping the run`);
    this.controller.abort();
    const during = (result.error ?? '').split('\n')[0];
    return unmeasured(result.name, result.rules, `the Docker engine stopped answering during this variant (${during})`);
  }

  /** The error recorded for a planned variant that has no result. */
  notRunReason(): string {
    const reason = this.reason;
    return reason === 'engine-lost' ? 'the Docker engine stopped answering before this variant finished'
      : reason === 'interrupted' ? 'interrupted before this variant finished' : 'not run';
  }
}
