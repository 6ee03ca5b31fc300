// What the benchmarks run on: the bundled experiments by name, or any project directory, and pip-service's private
// index (served by a child process: a benchmark blocks in spawnSync while builds run, so it could not answer).
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, rmSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
export const BUNDLED = { 'hello-py': 'experiments/hello-py', 'pip-service': 'experiments/pip-service', 'text-classifier': 'experiments/text-classifier' };

/**
 * A bundled experiment's name (any folder of experiments/, e.g. poetry-app) or a directory → { name, dir,
 * experiment } (experiment: as results.json records it).
 */
export function project(x) {
  const bundled = BUNDLED[x] ?? (/^[\w.-]+$/.test(x) && !existsSync(x) && existsSync(join(root, 'experiments', x, 'Dockerfile')) ? `experiments/${x}` : null);
  return bundled ? { name: x, dir: resolve(root, bundled), experiment: bundled } : { name: basename(resolve(x)), dir: resolve(x), experiment: resolve(x) };
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

/**
 * One of dflab's variants built alone, as a user would build it: the project copied to `copy`, the variant's patch
 * (from the run's out dir) applied, `docker buildx build --no-cache --load --progress=rawjson` with the project's
 * Dockerfile, context and target, on the host network (pip-service's index is on 127.0.0.1). The copy is removed;
 * the image stays under `tag` (the caller removes it). Returns the build's exit status and its rawjson log.
 */
export function buildVariantAlone({ dir, outDir, variant, config, copy, tag, runId }) {
  cpSync(dir, copy, { recursive: true, filter: (src) => !src.includes('/.dflab') });
  try {
    if (variant.patch) execFileSync('git', ['apply', join(outDir, variant.patch)], { cwd: copy });
    const build = spawnSync('docker', ['buildx', 'build', '--no-cache', '--load', '--progress=rawjson', '--network', 'host',
      '--label', `dflab.run=${runId}`, '-t', tag, '-f', join(copy, config.dockerfile), ...(config.target ? ['--target', config.target] : []),
      join(copy, config.context)], { encoding: 'utf8', maxBuffer: 1 << 30 });
    return { status: build.status, rawjson: build.stderr };
  } finally {
    rmSync(copy, { recursive: true, force: true });
  }
}
