// What the benchmarks run on: the bundled experiments by name, or any project directory, and pip-service's private
// index (served by a child process: a benchmark blocks in spawnSync while builds run, so it could not answer).
import { execFileSync } from 'node:child_process';
import { basename, join, resolve } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
export const BUNDLED = { 'hello-py': 'experiments/hello-py', 'pip-service': 'experiments/pip-service', 'text-classifier': 'experiments/text-classifier' };

/** A bundled name or a directory → { name, dir, experiment } (experiment: as results.json records it). */
export function project(x) {
  return BUNDLED[x] ? { name: x, dir: resolve(root, BUNDLED[x]), experiment: BUNDLED[x] } : { name: basename(resolve(x)), dir: resolve(x), experiment: resolve(x) };
}

/** The projects named in `env` (comma-separated) and the command line's arguments, else `defaults`. */
export function chosenProjects(env, defaults) {
  const named = [...(env ?? '').split(','), ...process.argv.slice(2)].map((s) => s.trim()).filter(Boolean);
  return (named.length ? named : defaults).map(project);
}

/** Serves the pip index on 127.0.0.1:3141 unless something answers there; null when nothing was started. */
export async function servePipIndex() {
  const { answers, spawnIndex } = await import('../scripts/pip-index/serve.mjs');
  if (await answers(3141)) return null;
  const dir = execFileSync('bash', [join(root, 'scripts/pip-index/up.sh'), 'build'], { encoding: 'utf8' }).trim().split('\n').pop();
  return spawnIndex(dir, 3141);
}
