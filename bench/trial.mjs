// The trial benchmark (issue 14): on each bundled experiment, one after another in one process on this machine,
//   (a) `dflab run` with its defaults from an empty build cache (`docker builder prune -af`; base images kept);
//   (b) the naive loop a user would script over the variants dflab wrote — for each: apply its patch to a copy of
//       the project, `docker buildx build --no-cache --load`, `docker image inspect`, the same smoke probe as
//       dflab's (dist's runSmoke, through the engine), `docker rmi` — also from an empty build cache;
//   (c) the limit: every distinct BuildKit step the naive builds executed, counted once, plus each image export
//       (src/measure/limit.ts; the naive builds run everything, so they see every step).
// toolCpuSeconds: dflab runs under `bash -c`, whose cutime+cstime after waiting on it is the CPU of dflab's node
// process and every child it reaped; `docker` is shimmed on dflab's PATH to record each `docker buildx build`
// client's own CPU the same way, which is subtracted (builds excluded). CPU of dockerd/BuildKit is not counted.
// Writes bench/results.json's "trial" key (other keys kept). BENCH_TRIAL=hello-py runs only the short one; BENCH_TRIAL
// also takes pip-service (its index served here) and project directories (names or paths, comma-separated, or as arguments);
// BENCH_KEEP=1 keeps the work dir. dflabSeconds is the whole `dflab run` process (start-up and report included);
// phases.wallSeconds is the trial inside it.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../dist/config/index.js';
import { runSmoke } from '../dist/engine/smoke.js';
import { BuildProgress, parseRawJson } from '../dist/engine/rawjson.js';
import { trialLimit } from '../dist/measure/limit.js';
import { tagSlug } from '../dist/run/ids.js';
import { BUNDLED, buildVariantAlone, chosenProjects, servePipIndex } from './projects.mjs';

const root = new URL('..', import.meta.url).pathname;
const DEFAULT = ['hello-py', 'text-classifier'];
const chosen = chosenProjects(process.env.BENCH_TRIAL, DEFAULT);
const runId = `bench-${Date.now()}`;
const work = mkdtempSync(join(tmpdir(), 'dflab-bench-trial-'));
const docker = (...args) => execFileSync('docker', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
const r2 = (n) => Math.round(n * 100) / 100;
const now = () => performance.now() / 1000;

function emptyBuildCache() {
  docker('builder', 'prune', '-af');
}

/** A `docker` first on PATH that appends each `docker buildx build` client's CPU ticks to $DFLAB_BENCH_BUILDX_CPU. */
function dockerShim() {
  const real = execFileSync('bash', ['-c', 'command -v docker'], { encoding: 'utf8' }).trim();
  const dir = join(work, 'shim');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'docker'), `#!/bin/bash
"${real}" "$@"; rc=$?
if [ "$1" = buildx ] && [ "$2" = build ]; then read -r -a s < /proc/$$/stat; echo $(( s[15] + s[16] )) >> "$DFLAB_BENCH_BUILDX_CPU"; fi
exit $rc
`);
  chmodSync(join(dir, 'docker'), 0o755);
  return dir;
}

function dflabRun(dir, outDir) {
  const ticks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
  const buildxCpu = join(work, `buildx-cpu-${Date.now()}`);
  const script = 'node "$0" run "$1" --out "$2" --quiet >/dev/null; rc=$?; read -r -a s < /proc/$$/stat; echo "CPU $(( s[15] + s[16] ))" >&2; exit $rc';
  const started = now();
  const res = spawnSync('bash', ['-c', script, join(root, 'dist/cli/main.js'), dir, outDir], {
    // Its own XDG cache: no step durations remembered from earlier runs (a cold start, like the empty build cache).
    encoding: 'utf8', env: { ...process.env, PATH: `${dockerShim()}:${process.env.PATH}`, DFLAB_BENCH_BUILDX_CPU: buildxCpu, XDG_CACHE_HOME: join(work, 'xdg-cache') },
    maxBuffer: 1 << 28,
  });
  const seconds = now() - started;
  const total = Number(/CPU (\d+)/.exec(res.stderr)?.[1] ?? NaN);
  const builds = existsSync(buildxCpu) ? readFileSync(buildxCpu, 'utf8').split('\n').filter(Boolean).map(Number) : [];
  const buildx = builds.reduce((a, b) => a + b, 0);
  if (!existsSync(join(outDir, 'results.json'))) throw new Error(`dflab run wrote no results.json (exit ${res.status}): ${res.stderr.slice(-2000)}`);
  return { seconds, exitCode: res.status, toolCpuSeconds: (total - buildx) / ticks, buildxClientCpuSeconds: buildx / ticks, results: JSON.parse(readFileSync(join(outDir, 'results.json'), 'utf8')) };
}

/** The user's loop over dflab's variants; returns its wall seconds and each build's rawjson log. */
async function naiveLoop(dir, outDir, results, config) {
  const logs = [];
  const perVariant = [];
  const started = now();
  for (const v of results.variants) {
    const t0 = now();
    const tag = `dflab-bench-naive:${tagSlug(v.name)}`; // all+minify: `+` is no tag character
    const log = join(work, `naive-${v.name}.rawjson`);
    const build = buildVariantAlone({ dir, outDir, variant: v, config, copy: join(work, `naive-${v.name}`), tag, runId });
    writeFileSync(log, build.rawjson);
    logs.push(build.rawjson);
    let passed = null;
    if (build.status === 0) {
      docker('image', 'inspect', tag);
      if (config.smoke) passed = (await runSmoke({ image: tag, runId, spec: config.smoke })).passed;
      docker('rmi', tag);
    }
    perVariant.push({ name: v.name, built: build.status === 0, smokePassed: passed, seconds: r2(now() - t0) });
  }
  return { seconds: now() - started, logs, perVariant };
}

function limitOf(logs) {
  return trialLimit(logs.map((text) => {
    const p = new BuildProgress();
    for (const s of parseRawJson(text)) p.add(s);
    return p.steps();
  }));
}

async function benchOne({ name, dir, experiment }) {
  if (existsSync(join(dir, 'setup.mjs'))) execFileSync('node', [join(dir, 'setup.mjs')], { stdio: 'ignore' });
  const outDir = join(work, `${name}-out`);
  const load = { before: loadavg().map(r2) };
  emptyBuildCache();
  const dflab = dflabRun(dir, outDir);
  const { config } = await loadConfig(dir);
  emptyBuildCache();
  const naive = await naiveLoop(dir, outDir, dflab.results, config);
  load.after = loadavg().map(r2);
  const limit = limitOf(naive.logs);
  const res = dflab.results;
  return {
    at: new Date().toISOString(), experiment, loadAverage: load,
    // dflab's per-layer cache: empty (in the bench's own cache folder) unless DFLAB_LAYER_CACHE names a kept one.
    layerCache: process.env.DFLAB_LAYER_CACHE ? `kept (${process.env.DFLAB_LAYER_CACHE})` : 'empty',
    dflabSeconds: r2(dflab.seconds), naiveSeconds: r2(naive.seconds), limitSeconds: limit.seconds,
    ratioNaive: r2(dflab.seconds / naive.seconds), ratioLimit: r2(dflab.seconds / limit.seconds),
    toolCpuSeconds: r2(dflab.toolCpuSeconds), toolCpuShare: r2(dflab.toolCpuSeconds / dflab.seconds),
    buildxClientCpuSeconds: r2(dflab.buildxClientCpuSeconds), dflabExitCode: dflab.exitCode,
    variants: res.variants.map((v) => ({ name: v.name, outcome: v.outcome, coldSeconds: v.build?.coldSeconds ?? null, timings: v.timings ?? null })),
    phases: res.timings ?? null,
    limit, naive: naive.perVariant,
  };
}

function table(all) {
  const rows = Object.entries(all).map(([name, r]) => [name, r.variants.length, r.dflabSeconds, r.naiveSeconds, r.limitSeconds,
    r.ratioNaive, r.ratioLimit, `${r.toolCpuSeconds} (${Math.round(r.toolCpuShare * 100)}%)`, r.phases ? `${Math.round(r.phases.idleShare * 100)}%` : '-', r.loadAverage.before[0]]);
  console.table(rows.map(([experiment, variants, dflab, naive, limit, ratioNaive, ratioLimit, toolCpu, idle, load]) =>
    ({ experiment, variants, dflab, naive, limit, ratioNaive, ratioLimit, toolCpu, idle, load })));
}

const file = new URL('./results.json', import.meta.url);
const trial = {};
const index = chosen.some((t) => t.name === 'pip-service') ? await servePipIndex() : null;
try {
  for (const target of chosen) {
    const { name } = target;
    if (!existsSync(target.dir)) throw new Error(`bench:trial: no project at ${target.dir} (a directory, or one of ${Object.keys(BUNDLED).join(', ')})`);
    console.error(`bench:trial ${name} …`);
    trial[name] = await benchOne(target);
    // Written after each experiment, merged with what other benchmarks and earlier experiments wrote.
    const all = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};
    all.trial = { ...(all.trial ?? {}), [name]: trial[name] };
    writeFileSync(file, `${JSON.stringify(all, null, 2)}\n`);
  }
  table(trial);
} finally {
  index?.close();
  try { docker('image', 'prune', '-f', '--filter', `label=dflab.run=${runId}`); } catch { /* best effort */ }
  // BENCH_KEEP=1 keeps dflab's out dirs (results.json, report.html, build logs) and the naive builds' logs.
  if (process.env.BENCH_KEEP === '1') console.error(`kept ${work}`); else rmSync(work, { recursive: true, force: true });
}
