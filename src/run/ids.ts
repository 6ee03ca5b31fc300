// Run ids and image tags. Injectable clock and randomness keep tests deterministic.
import { randomBytes } from 'node:crypto';

export interface Clock { now(): Date }
export const systemClock: Clock = { now: () => new Date() };

export function newRunId(clock: Clock = systemClock, random: () => string = () => randomBytes(2).toString('hex')): string {
  const iso = clock.now().toISOString(); // 2026-11-23T19:41:15.941Z
  const stamp = iso.slice(0, 19).replace(/[-:]/g, '').replace('T', '-');
  return `${stamp}-${random()}`;
}

/** Docker tag rules: lowercase name components; tag [A-Za-z0-9_.-], at most 128 chars. */
export function imageTag(project: string, runId: string, variant: string): string {
  return `dflab-${tagSlug(project)}:${`${runId}-${tagSlug(variant)}`.slice(0, 128)}`;
}

/** A name made fit for a tag or a repository path component (`all+minify` → `all-minify`). */
export function tagSlug(s: string): string {
  return s.toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/^[-.]+|[-.]+$/g, '') || 'x';
}
