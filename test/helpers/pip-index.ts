// The lab's private index of real wheels on 127.0.0.1:3141 (scripts/pip-index/), shared by the engine tests that
// pip-install: started for a test file only when nothing answers there yet (another file or session may serve it).
// It is served by a child process, never in the test's own: a test that runs `docker build` synchronously
// (execFileSync) blocks its event loop, and an index served there would never answer pip (read timeouts).
import { execFileSync, spawn } from 'node:child_process';
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

export interface PipIndex { close(): void }

/** Serves the index unless one answers already; what to close afterwards, or null when it was not ours. */
export async function startPipIndex(): Promise<PipIndex | null> {
  if (await indexAnswers()) return null;
  const dir = execFileSync('bash', [join(root, 'scripts/pip-index/up.sh'), 'build'], { encoding: 'utf8' }).trim().split('\n').pop()!;
  const child = spawn(process.execPath, [join(root, 'scripts/pip-index/serve.mjs'), dir, String(PIP_INDEX_PORT)], { stdio: 'ignore' });
  const index = { close: () => { child.kill(); } };
  for (let i = 0; i < 100; i++) {
    if (child.exitCode !== null) throw new Error(`the pip index server exited (${child.exitCode}) before answering on ${PIP_INDEX_PORT}`);
    if (await indexAnswers()) return index;
    await new Promise((r) => setTimeout(r, 100));
  }
  index.close();
  throw new Error(`the pip index server did not answer on ${PIP_INDEX_PORT} within 10 s`);
}
