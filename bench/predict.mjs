// The prediction benchmark (issue 13 item 6): on each experiment, one after another in one process,
//   (a) the original is built (`docker buildx build --load`, labelled dflab.run=<bench run id>);
//   (b) `dflab plan DIR --image ORIGINAL --json` and `docker save ORIGINAL > /dev/null` are timed side by side,
//       alternating (which of the two goes first alternates too), BENCH_PREDICT_ROUNDS times (default 5: dockerd's
//       save of one image varies by a second and more between rounds): the ratio of their medians is the
//       plan-vs-save figure — planColdVsSave with an empty layer cache (the image never read on this machine),
//       planVsSave right after it (its layers known); planColdVsSavePaired is the median of each round's own ratio;
//   (c) `dflab run DIR` measures every variant (from an empty build cache, with a cache folder of its own: its cold
//       times measured in this run, none credited from earlier runs); per variant what the run predicted before
//       building it (results.json `predicted`; plan --image's figures from (b) for a variant the run did not
//       predict) is set beside the measured ones: signed error in percent, median |error| and worst per figure
//       (src/measure/prediction-error.ts).
//   (d) each variant whose cold time was compared in (c), and the original, is built again alone (nothing else
//       running: no dflab, no other build), `--no-cache`, BENCH_PREDICT_CLEAN_ROUNDS times (default 3, variants
//       alternating), its cold time attributed as `dflab run --exact-cold` does; the median is `coldClean`, and the
//       predictions are compared with it too. A run measures most variants while other work runs beside them (the
//       original's push and read, other variants' measurements and smoke tests): on second-long builds that
//       inflates the attributed cold time, so (c) mixes the prediction's error with the measurement's. Only variants
//       whose in-run cold time is at most BENCH_PREDICT_CLEAN_MAX_SECONDS (default 60) are rebuilt: a rebuild costs
//       what the build did. The clean figure against the in-run one is also how far contention moved the run's.
//   (e) `dflab run DIR` again, from an empty build cache but with the first run's cache folder (its step durations
//       and install history: what a user's second run on the machine has) — `secondRun`: its cold predictions
//       against what it measured, and how many variants had one (`coldCoverage`, as for the first run). Some step
//       kinds are learnt only from variants' builds (a builder's venv: src/predict/cold.ts), so a first run cannot
//       predict every variant's cold time. BENCH_PREDICT_SECOND_RUN=0 leaves it out.
// The original's size is the input of every prediction, so it is left out of the size figures; its compressed
// size is estimated (no push), so it counts there. Default experiments: hello-py and pip-service, the bundled ones
// that build offline in a minute or two (pip-service's private index is served in this process when nothing
// answers on 127.0.0.1:3141). text-classifier (4 GB; its first build ~10 min, its run ~17 min on 2 cores) only when
// asked: BENCH_PREDICT=text-classifier (names or directories, comma-separated), or directories as arguments.
// BENCH_PREDICT_RUNS=name=path/to/results.json,… takes a finished `dflab run` instead (bench:trial's, kept with
// BENCH_KEEP=1): its variants' own `predicted` figures beside the measured ones, no plan-vs-save timing.
// BENCH_PREDICT_REPREDICT=name=path/to/results.json,… predicts that finished run's variants again with the current
// code, against what the run measured, without building a variant: the original is built again (from the build
// cache when it holds it), its imports analysed, pushed to the local registry (each layer's compressed size, as a
// run measures it), its layers read, and every variant the run planned (minify excepted: it needs the trace) is
// predicted as a run would; the run's own predictions are kept beside them (`before`).
// Writes bench/results.json's "predict" key (other keys kept). BENCH_KEEP=1 keeps the work dir.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { loadConfig } from '../dist/config/index.js';
import { dockerfileSteps } from '../dist/engine/buildx.js';
import { BuildProgress, parseRawJson } from '../dist/engine/rawjson.js';
import { tagSlug } from '../dist/run/ids.js';
import { StepTimes } from '../dist/run/step-times.js';
import { buildVariantAlone, chosenProjects, project, servePipIndex } from './projects.mjs';
import { FIGURES, median, meetsGoal, summarize, variantErrors } from '../dist/measure/prediction-error.js';

const root = new URL('..', import.meta.url).pathname;
const DEFAULT = ['hello-py', 'pip-service'];
const GOALS = { size: { medianPercent: 5, worstPercent: 15 }, compressed: { medianPercent: 10 }, cold: { medianPercent: 25 }, planVsSave: 1.2 };
const ROUNDS = Number(process.env.BENCH_PREDICT_ROUNDS ?? 5);
const CLEAN_ROUNDS = Number(process.env.BENCH_PREDICT_CLEAN_ROUNDS ?? 3);
const CLEAN_MAX_SECONDS = Number(process.env.BENCH_PREDICT_CLEAN_MAX_SECONDS ?? 60);
const SECOND_RUN = process.env.BENCH_PREDICT_SECOND_RUN !== '0';
const runId = `bench-predict-${Date.now()}`;
const work = mkdtempSync(join(tmpdir(), 'dflab-bench-predict-'));
const cli = join(root, 'dist/cli/main.js');
const r2 = (n) => (n === null || n === undefined ? null : Math.round(n * 100) / 100);
const now = () => performance.now() / 1000;

const chosen = () => chosenProjects(process.env.BENCH_PREDICT, DEFAULT);

/** Runs a command to completion; throws with its stderr tail when it fails. */
function run(file, args, opts = {}) {
  const res = spawnSync(file, args, { encoding: 'utf8', maxBuffer: 1 << 28, ...opts });
  if (res.status !== 0) throw new Error(`${file} ${args.slice(0, 3).join(' ')} … exited ${res.status}: ${(res.stderr ?? '').slice(-1500)}`);
  return res;
}

async function buildOriginal({ name, dir }) {
  if (existsSync(join(dir, 'setup.mjs'))) run('node', [join(dir, 'setup.mjs')]);
  const { config } = await loadConfig(dir);
  const tag = `dflab-bench-predict:${name.toLowerCase().replace(/[^a-z0-9._-]+/g, '-')}`;
  const args = ['buildx', 'build', '--quiet', '--load', '--network', 'host', '--label', `dflab.run=${runId}`, '-t', tag, '-f', resolve(dir, config.dockerfile)];
  if (config.target) args.push('--target', config.target);
  const started = now();
  run('docker', [...args, resolve(dir, config.context)]);
  return { tag, buildSeconds: now() - started, config };
}

/** plan --image and docker save, alternating; each one's seconds per round. `planCold`: with an empty layer cache
 *  (a folder of its own per round: the image never read on this machine); `plan`: right after, the layers known. */
function timePlanAndSave(dir, tag) {
  const plan = [];
  const planCold = [];
  const save = [];
  let predicted = null;
  const timeSave = () => {
    const t = now();
    run('bash', ['-c', 'docker save "$0" > /dev/null', tag]);
    save.push(now() - t);
  };
  for (let i = 0; i < ROUNDS; i++) {
    if (i % 2 === 0) timeSave();
    const env = { ...process.env, DFLAB_LAYER_CACHE: mkdtempSync(join(work, 'layer-cache-')) };
    let t = now();
    run('node', [cli, 'plan', dir, '--image', tag, '--json'], { env });
    planCold.push(now() - t);
    if (i % 2 === 1) timeSave();
    t = now();
    const res = run('node', [cli, 'plan', dir, '--image', tag, '--json'], { env });
    plan.push(now() - t);
    predicted = JSON.parse(res.stdout);
  }
  return { plan, planCold, save, predicted };
}

/** `dflab run DIR` as a first run on this machine: an empty build cache (the original's image is kept, its build
 *  steps are not) and a cache folder of its own (no step durations, layers or install history of earlier runs), so
 *  every cold time it reports was measured in this run, not credited from an earlier one. */
function dflabRun(dir, xdg = mkdtempSync(join(work, 'xdg-')), suffix = 'out') {
  const out = join(work, `${basename(dir)}-${suffix}`);
  run('docker', ['builder', 'prune', '-af']);
  const started = now();
  const env = { ...process.env, XDG_CACHE_HOME: xdg };
  const res = spawnSync('node', [cli, 'run', dir, '--out', out, '--quiet'], { encoding: 'utf8', maxBuffer: 1 << 28, env });
  const file = join(out, 'results.json');
  if (!existsSync(file)) throw new Error(`dflab run wrote no results.json (exit ${res.status}): ${res.stderr.slice(-1500)}`);
  return { seconds: now() - started, exitCode: res.status, out, xdg, results: JSON.parse(readFileSync(file, 'utf8')) };
}

/** Of the variants a run measured a cold time for (the original aside): how many it had predicted one for. */
function coldCoverage(results) {
  const measured = results.variants.filter((v) => v.name !== 'original' && v.outcome === 'ok' && typeof v.build?.coldSeconds === 'number');
  return { predicted: measured.filter((v) => typeof v.predicted?.coldSeconds === 'number').length, measured: measured.length };
}

/** (e): a second run with the first run's cache folder; its cold predictions against what it measured. */
function secondRunOf(dir, first) {
  const second = dflabRun(dir, first.xdg, 'second');
  const rows = errorsOf(second.results);
  return {
    runSeconds: r2(second.seconds), runExitCode: second.exitCode, coldCoverage: coldCoverage(second.results),
    variants: rows.filter((r) => r.cold.predicted !== null || r.cold.measured !== null).map((r) => ({ name: r.name, cold: { ...r.cold, errorPercent: r2(r.cold.errorPercent) } })),
    summary: { cold: summaryOf(rows, 'cold') },
  };
}

/** Prediction errors of a finished run: what it predicted before building, beside what it measured. */
function errorsOf(results) {
  const predicted = new Map(results.variants.filter((v) => v.predicted)
    .map((v) => [v.name, { size: v.predicted.sizeBytes ?? null, compressed: v.predicted.compressedBytes ?? null, cold: v.predicted.coldSeconds ?? null }]));
  return variantErrors(predicted, measuredOf(results));
}

/** Each variant that finished ok: its measured size, compressed size and cold build time. */
function measuredOf(results) {
  return new Map(results.variants.filter((v) => v.outcome === 'ok')
    .map((v) => [v.name, { size: v.sizeBytes ?? null, compressed: v.compressedBytes ?? null, cold: v.build?.coldSeconds ?? null }]));
}

function fromRun(name, file) {
  const results = JSON.parse(readFileSync(file, 'utf8'));
  const rows = errorsOf(results);
  return {
    at: results.finishedAt ?? new Date().toISOString(), experiment: name, fromRun: file, runId: results.runId,
    imageBytes: results.variants.find((v) => v.name === 'original')?.sizeBytes ?? null, planSeconds: [], saveSeconds: [], planVsSave: null,
    notMeasured: results.variants.filter((v) => v.outcome !== 'ok').map((v) => ({ name: v.name, outcome: v.outcome })),
    notPredicted: results.variants.filter((v) => v.unpredicted).map((v) => ({ name: v.name, code: v.unpredicted.code })),
    variants: rows.map((r) => ({ name: r.name, ...Object.fromEntries(FIGURES.map((f) => [f, { ...r[f], errorPercent: r2(r[f].errorPercent) }])) })),
    summary: summaries(rows),
  };
}

/**
 * Cold times of the run's variants built again alone (see (d) above): name → { seconds: median, samples }. The
 * variants whose cold time the run measured and predicted, and the original, when the run's figure is at most
 * CLEAN_MAX_SECONDS; rounds alternate over the variants so a drift of the machine reaches all of them alike.
 */
async function cleanColds(dir, config, out, results) {
  const chosen = results.variants.filter((v) => v.outcome === 'ok' && v.build?.coldSeconds !== undefined && v.build.coldSeconds !== null
    && v.build.coldSeconds <= CLEAN_MAX_SECONDS && (v.name === 'original' || typeof v.predicted?.coldSeconds === 'number'));
  const samples = new Map(chosen.map((v) => [v.name, []]));
  for (let round = 0; round < CLEAN_ROUNDS; round++) {
    for (const v of chosen) {
      const tag = `dflab-bench-clean:${tagSlug(v.name)}`;
      const build = buildVariantAlone({ dir, outDir: out, variant: v, config, copy: join(work, `clean-${tagSlug(v.name)}`), tag, runId });
      if (build.status !== 0) throw new Error(`${v.name} did not build alone (exit ${build.status})`);
      const progress = new BuildProgress();
      for (const status of parseRawJson(build.rawjson)) progress.add(status);
      samples.get(v.name).push(StepTimes.inMemory().attribute(dockerfileSteps(progress.steps()), true).coldSeconds);
      try { execFileSync('docker', ['rmi', '-f', tag], { stdio: 'ignore' }); } catch { /* already gone */ }
    }
  }
  return new Map([...samples].map(([name, xs]) => [name, { seconds: r2(median(xs)), samples: xs }]));
}

async function benchOne(target) {
  const load = { before: loadavg().map(r2) };
  const { tag, buildSeconds, config } = await buildOriginal(target);
  try {
    const timing = timePlanAndSave(target.dir, tag);
    const run = dflabRun(target.dir);
    // The run's own predictions (compressed anchored on the original's measured size) where it made them; plan
    // --image's (compressed from default ratios: nothing is pushed) for the rest.
    const predicted = new Map(timing.predicted.variants.map((v) => [v.name, { size: v.sizeBytes, compressed: v.compressedBytes, cold: null }]));
    for (const v of run.results.variants) {
      if (v.predicted) predicted.set(v.name, { size: v.predicted.sizeBytes ?? null, compressed: v.predicted.compressedBytes ?? predicted.get(v.name)?.compressed ?? null, cold: v.predicted.coldSeconds ?? null });
    }
    const rows = variantErrors(predicted, measuredOf(run.results));
    const clean = await cleanColds(target.dir, config, run.out, run.results);
    const secondRun = SECOND_RUN ? secondRunOf(target.dir, run) : null;
    const cleanRows = variantErrors(predicted, new Map([...clean].map(([name, c]) => [name, { size: null, compressed: null, cold: c.seconds }])));
    load.after = loadavg().map(r2);
    const planSeconds = median(timing.plan);
    const saveSeconds = median(timing.save);
    return {
      at: new Date().toISOString(), experiment: target.dir.startsWith(root) ? target.dir.slice(root.length) : target.dir, loadAverage: load,
      imageBytes: timing.predicted.sizeBytes, originalBuildSeconds: r2(buildSeconds),
      planSeconds: timing.plan.map(r2), saveSeconds: timing.save.map(r2), planVsSave: r2(planSeconds / saveSeconds),
      planColdSeconds: timing.planCold.map(r2), planColdVsSave: r2(median(timing.planCold) / saveSeconds),
      planColdVsSavePaired: r2(median(timing.planCold.map((p, i) => p / timing.save[i]))),
      runSeconds: r2(run.seconds), runExitCode: run.exitCode, coldCoverage: coldCoverage(run.results),
      notMeasured: run.results.variants.filter((v) => v.outcome !== 'ok').map((v) => ({ name: v.name, outcome: v.outcome })),
      variants: rows.map((r) => ({ name: r.name, ...Object.fromEntries(FIGURES.map((f) => [f, { ...r[f], errorPercent: r2(r[f].errorPercent) }])), ...coldCleanOf(r, clean, cleanRows) })),
      summary: { ...summaries(rows), coldClean: summaryOf(cleanRows, 'cold') },
      cleanRounds: CLEAN_ROUNDS, cleanMaxSeconds: CLEAN_MAX_SECONDS,
      ...(secondRun ? { secondRun } : {}),
    };
  } finally {
    try { execFileSync('docker', ['rmi', '-f', tag], { stdio: 'ignore' }); } catch { /* already gone */ }
  }
}

/** A variant's clean cold time (see cleanColds): its samples, the prediction's error against their median, and how
 *  far the run's own attributed figure was from it (contention and one-sample noise). Nothing when not rebuilt. */
function coldCleanOf(row, clean, cleanRows) {
  const c = clean.get(row.name);
  if (!c) return {};
  const e = cleanRows.find((r) => r.name === row.name)?.cold.errorPercent ?? null;
  const run = row.cold.measured;
  return { coldClean: { predicted: row.cold.predicted, measured: c.seconds, samples: c.samples.map(r2), errorPercent: r2(e), runVsCleanPercent: run === null || !c.seconds ? null : r2(((run - c.seconds) / c.seconds) * 100) } };
}

/** One figure's summary as results.json keeps it (rounded), with whether it meets the figure's goal. */
function summaryOf(rows, figure) {
  const s = summarize(rows, figure, figure === 'size' ? ['original'] : []);
  return { count: s.count, medianAbsPercent: r2(s.medianAbsPercent), worst: s.worst && { ...s.worst, errorPercent: r2(s.worst.errorPercent) }, meetsGoal: meetsGoal(s, GOALS[figure]) };
}

function summaries(rows) {
  return Object.fromEntries(FIGURES.map((f) => [f, summaryOf(rows, f)]));
}

const fmt = (p, figure) => (p === null ? '-' : figure === 'cold' ? `${p.toFixed(1)}s` : `${(p / 1e6).toFixed(1)}MB`);
function table(all) {
  const rows = [];
  for (const [name, r] of Object.entries(all)) {
    if (r.error) { rows.push({ experiment: name, variant: `error: ${r.error.slice(0, 80)}` }); continue; }
    for (const v of r.variants) {
      const row = { experiment: name, variant: v.name };
      for (const f of FIGURES) row[f] = `${fmt(v[f].predicted, f)} / ${fmt(v[f].measured, f)} ${v[f].errorPercent === null ? '' : `(${v[f].errorPercent > 0 ? '+' : ''}${v[f].errorPercent}%)`}`;
      if (v.coldClean) row.coldClean = `${fmt(v.coldClean.predicted, 'cold')} / ${fmt(v.coldClean.measured, 'cold')} ${v.coldClean.errorPercent === null ? '' : `(${v.coldClean.errorPercent > 0 ? '+' : ''}${v.coldClean.errorPercent}%)`}`;
      rows.push(row);
    }
    const sum = Object.fromEntries([...FIGURES, ...(r.summary.coldClean ? ['coldClean'] : [])].map((f) => [f, `median ${r.summary[f].medianAbsPercent ?? '-'}%, worst ${r.summary[f].worst ? `${r.summary[f].worst.errorPercent}% (${r.summary[f].worst.name})` : '-'}`]));
    rows.push({ experiment: name, variant: r.planVsSave === null ? `from run ${r.runId}` : `plan ${r2(median(r.planColdSeconds ?? []))}s cold, ${r2(median(r.planSeconds))}s known vs save ${r2(median(r.saveSeconds))}s = ${r.planColdVsSave}×, ${r.planVsSave}×`, ...sum });
  }
  console.log('predicted / measured (error) per variant; summaries per experiment');
  console.table(rows);
  const second = Object.entries(all).filter(([, r]) => r.secondRun);
  if (second.length === 0) return;
  console.log('cold time predicted in the first run and in a second one (its cache folder kept, the build cache emptied)');
  console.table(second.map(([name, r]) => ({
    experiment: name,
    first: `${r.coldCoverage.predicted} of ${r.coldCoverage.measured} predicted, median ${r.summary.cold.medianAbsPercent ?? '-'}%`,
    second: `${r.secondRun.coldCoverage.predicted} of ${r.secondRun.coldCoverage.measured} predicted, median ${r.secondRun.summary.cold.medianAbsPercent ?? '-'}%, worst ${r.secondRun.summary.cold.worst ? `${r.secondRun.summary.cold.worst.errorPercent}% (${r.secondRun.summary.cold.worst.name})` : '-'}`,
  })));
}

const file = new URL('./results.json', import.meta.url);
const results = {};
const save = (name) => {
  const all = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};
  all.predict = { ...(all.predict ?? {}), goals: GOALS, [name]: results[name] };
  writeFileSync(file, `${JSON.stringify(all, null, 2)}\n`);
};
/** A finished run predicted again with the current code (see BENCH_PREDICT_REPREDICT above). */
async function repredict(name, file) {
  const results = JSON.parse(readFileSync(file, 'utf8'));
  const target = project(name);
  const { planTrial, planFor } = await import('../dist/run/selection.js');
  const { analyzeImports } = await import('../dist/run/import-evidence.js');
  const { attributeOriginal, predictRun, withPrediction } = await import('../dist/run/predictions.js');
  const { pushForCompressedSize } = await import('../dist/engine/registry.js');
  const { unmeasured } = await import('../dist/run/variant.js');
  const { tag } = await buildOriginal(target);
  try {
    // The rules the run was asked for (results.json `selection`), so the same variants are planned.
    const trial = await planTrial(target.dir, { rules: results.selection?.rules ?? undefined });
    const evidence = await analyzeImports(trial.loaded.project, tag, runId);
    const plan = planFor(trial, evidence);
    const pushed = await pushForCompressedSize(tag, `dflab/${runId}`, 'original', undefined, { runId });
    const original = results.variants.find((v) => v.name === 'original');
    const o = await attributeOriginal(tag, original.sizeBytes, trial.loaded, plan, undefined, runId);
    const predictions = predictRun(o, plan, trial.loaded, original.build?.steps ?? []);
    const predicted = new Map();
    for (const v of plan.variants) {
      const p = withPrediction(unmeasured(v.name, v.rules, null), predictions.get(v.name), pushed.compressedBytes, pushed.layers.map((l) => l.sizeBytes)).predicted;
      if (p) predicted.set(v.name, { size: p.sizeBytes, compressed: p.compressedBytes, cold: p.coldSeconds });
    }
    const rows = variantErrors(predicted, measuredOf(results));
    const before = new Map(errorsOf(results).map((r) => [r.name, r]));
    return {
      at: new Date().toISOString(), experiment: name, repredicted: file, runId: results.runId, runFinishedAt: results.finishedAt,
      imageBytes: original.sizeBytes, planSeconds: [], saveSeconds: [], planVsSave: null,
      notPlannedNow: results.variants.filter((v) => v.outcome === 'ok' && !plan.variants.some((x) => x.name === v.name)).map((v) => v.name),
      variants: rows.map((r) => ({
        name: r.name, ...Object.fromEntries(FIGURES.map((f) => [f, { ...r[f], errorPercent: r2(r[f].errorPercent), before: r2(before.get(r.name)?.[f]?.errorPercent ?? null) }])),
      })),
      summary: summaries(rows),
    };
  } finally {
    try { execFileSync('docker', ['rmi', '-f', tag], { stdio: 'ignore' }); } catch { /* already gone */ }
  }
}

const again = (process.env.BENCH_PREDICT_REPREDICT ?? '').split(',').map((s) => s.trim()).filter(Boolean).map((s) => s.split('='));
if (again.length) {
  for (const [name, path] of again) {
    console.error(`bench:predict: ${name} again from ${path} …`);
    try { results[name] = await repredict(name, resolve(path)); } catch (e) { results[name] = { at: new Date().toISOString(), error: String(e.stack ?? e) }; }
    save(name);
  }
  table(results);
  try { execFileSync('docker', ['image', 'prune', '-f', '--filter', `label=dflab.run=${runId}`], { stdio: 'ignore' }); } catch { /* best effort */ }
  process.exit(0);
}
const finished = (process.env.BENCH_PREDICT_RUNS ?? '').split(',').map((s) => s.trim()).filter(Boolean).map((s) => s.split('='));
if (finished.length) {
  for (const [name, path] of finished) { results[name] = fromRun(name, resolve(path)); save(name); }
  table(results);
  rmSync(work, { recursive: true, force: true });
  process.exit(0);
}
const index = await servePipIndex();
try {
  for (const target of chosen()) {
    console.error(`bench:predict ${target.name} …`);
    try { results[target.name] = await benchOne(target); } catch (e) { results[target.name] = { at: new Date().toISOString(), error: String(e.message ?? e) }; }
    save(target.name);
  }
  table(results);
} finally {
  index?.close();
  try { execFileSync('docker', ['image', 'prune', '-f', '--filter', `label=dflab.run=${runId}`], { stdio: 'ignore' }); } catch { /* best effort */ }
  if (process.env.BENCH_KEEP === '1') console.error(`kept ${work}`); else rmSync(work, { recursive: true, force: true });
}
