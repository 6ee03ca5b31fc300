// Benchmark of `dflab analyze`'s layer streaming: seconds, MB/s of layer data and peak RSS on an image
// of at least 2 GB. By default the largest bundled image: experiments/text-classifier's original (4 GB;
// its first build takes ~10 min on 2 cores, later ones come from BuildKit's cache). BENCH_IMAGE names any
// local image instead; BENCH_SYNTHETIC=1 builds a synthetic 2.3 GB one (many files, a rewrite and a
// deletion). Writes bench/results.json. Run with `npm run bench:analyze`.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readLayerEntries } from '../dist/engine/layer-contents.js';
import { analyzeEfficiency } from '../dist/measure/efficiency.js';

const runId = `bench-${Date.now()}`;
const docker = (...args) => execFileSync('docker', args, { encoding: 'utf8' }).trim();

function syntheticImage() {
  const dir = mkdtempSync(join(tmpdir(), 'dflab-bench-'));
  const layer = (n) => `RUN mkdir -p /data/${n} && for i in $(seq 1 64); do head -c 8M /dev/urandom > /data/${n}/f$i; done`;
  writeFileSync(join(dir, 'Dockerfile'), [
    'FROM debian:trixie-slim',
    layer('a'), layer('b'), layer('c'), layer('d'),
    'RUN rm -rf /data/b && head -c 64M /dev/urandom > /data/a/f1',
    'RUN for i in $(seq 1 20000); do echo $i > /data/small-$((i % 100))-$i; done',
    '',
  ].join('\n'));
  const tag = `dflab-bench:${runId}`;
  docker('buildx', 'build', '--quiet', '--load', '--label', `dflab.run=${runId}`, '-t', tag, dir);
  return tag;
}

function textClassifierImage() {
  const dir = new URL('../experiments/text-classifier/', import.meta.url).pathname;
  execFileSync('node', [join(dir, 'setup.mjs')], { stdio: 'ignore' });
  const tag = `dflab-bench:${runId}`;
  docker('buildx', 'build', '--quiet', '--load', '--network', 'host', '--label', `dflab.run=${runId}`, '-t', tag, dir);
  return tag;
}

const image = process.env.BENCH_IMAGE ?? (process.env.BENCH_SYNTHETIC === '1' ? syntheticImage() : textClassifierImage());
const source = process.env.BENCH_IMAGE ? image : process.env.BENCH_SYNTHETIC === '1' ? 'synthetic (bench/analyze.mjs)' : 'experiments/text-classifier original';
try {
  const size = Number(docker('image', 'inspect', '-f', '{{.Size}}', image));
  const started = process.hrtime.bigint();
  const layers = await readLayerEntries(image);
  const report = analyzeEfficiency(layers.map((l) => l.entries), 1);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const layerBytes = layers.reduce((s, l) => s + l.fileBytes, 0);
  const result = {
    bench: 'analyze',
    at: new Date().toISOString(),
    image: source,
    imageBytes: size,
    layerBytes,
    entries: layers.reduce((s, l) => s + l.entries.length, 0),
    seconds: Math.round(seconds * 100) / 100,
    mbPerSecond: Math.round((layerBytes / 1e6 / seconds) * 10) / 10,
    peakRssBytes: process.resourceUsage().maxRSS * 1024,
    efficiency: report.efficiency,
    wastedBytes: report.wastedBytes,
    reclaimableBytes: report.reclaimableBytes,
  };
  if (size < 2e9) result.note = 'image is under 2 GB: not the target size of this benchmark';
  const file = new URL('./results.json', import.meta.url);
  const all = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};
  all.analyze = result;
  writeFileSync(file, `${JSON.stringify(all, null, 2)}\n`);
  console.log(JSON.stringify(result, null, 2));
} finally {
  if (!process.env.BENCH_IMAGE) docker('rmi', '-f', image);
}
