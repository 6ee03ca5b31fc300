// The lab's private index of real wheels on 127.0.0.1:3141 (scripts/pip-index/), shared by the engine tests that
// pip-install: started for a test file only when nothing answers there yet (another file or session may serve it).
import { execFileSync } from 'node:child_process';
import type { Server } from 'node:http';
import { join } from 'node:path';
import { root } from './experiments.js';

export const PIP_INDEX_PORT = 3141;

async function indexAnswers(): Promise<boolean> {
  try {
    return (await fetch(`http://127.0.0.1:${PIP_INDEX_PORT}/simple/`, { signal: AbortSignal.timeout(2000) })).ok;
  } catch {
    return false;
  }
}

/** Serves the index unless one answers already; the server to close afterwards, or null when it was not ours. */
export async function startPipIndex(): Promise<Server | null> {
  if (await indexAnswers()) return null;
  const dir = execFileSync('bash', [join(root, 'scripts/pip-index/up.sh'), 'build'], { encoding: 'utf8' }).trim().split('\n').pop()!;
  const { serveIndex } = (await import('../../scripts/pip-index/serve.mjs')) as { serveIndex: (dir: string, port: number) => Promise<Server> };
  return serveIndex(dir, PIP_INDEX_PORT);
}
