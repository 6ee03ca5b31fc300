// Fair cold-build times without rebuilding from scratch: the duration measured when a step really ran
// is credited to any later build that hit the cache for it. Steps are identified by their stable key
// (name and inputs, see rawjson.ts), persisted across runs on this machine.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import type { StepTiming } from '../engine/types.js';

/** `[2/9] FROM docker.io/library/python:3.13@sha256:…`, `[builder 1/4] FROM …`. */
const BASE_STEP = /^\[[^\]]*\] FROM /;

export interface StepRecord { name: string; seconds: number; cached: boolean; estimated: boolean }

export class StepTimes {
  private constructor(private readonly file: string | null, private readonly seconds: Map<string, number>) {}

  static inMemory(): StepTimes { return new StepTimes(null, new Map()); }

  static async load(file = defaultFile()): Promise<StepTimes> {
    const data = await readFile(file, 'utf8').then((t) => JSON.parse(t) as Record<string, number>).catch(() => ({}));
    return new StepTimes(file, new Map(Object.entries(data)));
  }

  /** Records steps that really ran; returns per-step records and the attributed cold total. */
  attribute(steps: StepTiming[], noCache = false): { steps: StepRecord[]; coldSeconds: number } {
    const out: StepRecord[] = [];
    for (const s of steps) {
      if (!s.cached && s.error === null && s.completedAt) this.seconds.set(s.key, s.seconds);
      // A step BuildKit reports cached even under --no-cache (WORKDIR, for one) costs nothing to run; nor does
      // the FROM of a base image already in the engine (a cold build is one with no cache above the base).
      if (s.cached && (noCache || BASE_STEP.test(s.name)) && !this.seconds.has(s.key)) this.seconds.set(s.key, 0);
      const known = this.seconds.get(s.key);
      out.push({ name: s.name, seconds: s.cached ? known ?? 0 : s.seconds, cached: s.cached, estimated: s.cached && known !== undefined });
    }
    return { steps: out, coldSeconds: round(out.reduce((sum, s) => sum + s.seconds, 0)) };
  }

  async save(): Promise<void> {
    if (!this.file) return;
    await mkdir(dirname(this.file), { recursive: true });
    await writeFile(this.file, JSON.stringify(Object.fromEntries(this.seconds)));
  }
}

function defaultFile(): string {
  const base = process.env['XDG_CACHE_HOME'] ?? join(homedir(), '.cache');
  return join(base, 'dflab', 'step-seconds.json');
}

export function round(n: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}
