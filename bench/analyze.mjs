// Benchmark of `dflab analyze`'s layer streaming: seconds, MB/s of layer data and peak RSS on an image
// of at least 2 GB. Uses BENCH_IMAGE when given (e.g. a bundled experiment's image), else builds a
// synthetic one (many files, a rewrite and a deletion, so the analysis has real work). Writes
// bench/results.json. Run with `npm run bench:analyze`.
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

const image = process.env.BENCH_IMAGE ?? syntheticImage();
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
    image: process.env.BENCH_IMAGE ? image : 'synthetic (bench/analyze.mjs)',
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
