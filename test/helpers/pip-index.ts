// The lab's private index of real wheels on 127.0.0.1:3141 (scripts/pip-index/), shared by the engine tests that
// pip-install: started for a test file only when nothing answers there yet (another file or session may serve it).
// It is served by a child process (serve.mjs spawnIndex): these tests block in synchronous docker builds.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { root } from './experiments.js';

export const PIP_INDEX_PORT = 3141;

export interface PipIndex { close(): void }

/** Serves the index unless one answers already; what to close afterwards, or null when it was not ours. */
export async function startPipIndex(): Promise<PipIndex | null> {
  const serve = await import('../../scripts/pip-index/serve.mjs');
  if (await serve.answers(PIP_INDEX_PORT)) return null;
  const dir = execFileSync('bash', [join(root, 'scripts/pip-index/up.sh'), 'build'], { encoding: 'utf8' }).trim().split('\n').pop()!;
  return serve.spawnIndex(dir, PIP_INDEX_PORT);
}
