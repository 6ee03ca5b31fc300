// `dflab check TARGET`: a CI gate. Exit 0 when every gate holds, 1 when one fails. TARGET (and --baseline) is
// a local image, a run's out dir or its results.json — a run read through the one validated reader. Output as
// text (a line per gate that failed), JSON, or JUnit XML (a testcase per gate).
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { requireEngine } from '../engine/availability.js';
import { inspectImage } from '../engine/docker.js';
import { isImageReference } from '../engine/image-ref.js';
import { readLayerEntries } from '../engine/layer-contents.js';
import { pushForCompressedSize, registryAnswers } from '../engine/registry.js';
import { EXIT, UserError } from '../errors.js';
import { analyzeEfficiency } from '../measure/efficiency.js';
import { growthGates, parseByteSize, parsePercent, thresholdGates, type Gate, type Growth, type Measured, type Thresholds } from '../measure/thresholds.js';
import { junitReport } from '../report/junit.js';
import { ORIGINAL, type Results } from '../results.js';
import { readResults, readResultsFile } from '../run/results-file.js';

export type CheckFormat = 'text' | 'json' | 'junit';
export interface CheckFlags {
  maxSize?: string; maxCompressed?: string; minEfficiency?: string; maxWasted?: string;
  baseline?: string; maxGrowth?: string; maxGrowthBytes?: string;
  variant?: string; base?: string; json?: boolean; format?: CheckFormat;
}

/** Which figures the gates read: compressed size costs a push, waste a read of every layer. */
interface Needs { compressed: boolean; waste: boolean }

export async function checkCommand(target: string, flags: CheckFlags): Promise<number> {
  const thresholds = parseThresholds(flags);
  const growth = parseGrowth(flags);
  if (Object.keys(thresholds).length === 0 && !flags.baseline) {
    throw new UserError('no threshold given', { hint: 'pass at least one of --max-size, --max-compressed, --min-efficiency, --max-wasted, or --baseline with --max-growth' });
  }
  const withGrowth = flags.baseline !== undefined;
  const needs: Needs = {
    compressed: thresholds.maxCompressed !== undefined || withGrowth,
    waste: thresholds.minEfficiency !== undefined || thresholds.maxWasted !== undefined || withGrowth,
  };
  const variant = flags.variant ?? ORIGINAL;
  const measured = await measure(target, variant, needs, flags.base);
  const gates = thresholdGates(measured, thresholds);
  let baseline: Measured | undefined;
  if (flags.baseline !== undefined) {
    baseline = await measure(flags.baseline, variant, needs, flags.base);
    gates.push(...growthGates(measured, baseline, growth));
  }
  const failed = gates.filter((g) => !g.ok);
  console.log(render(format(flags), target, gates, measured, { thresholds, growth, baseline, baselineName: flags.baseline }).trimEnd());
  return failed.length === 0 ? EXIT.ok : EXIT.checkFailed;
}

function format(flags: CheckFlags): CheckFormat {
  return flags.format ?? (flags.json ? 'json' : 'text');
}

interface Extra { thresholds: Thresholds; growth: Growth; baseline: Measured | undefined; baselineName: string | undefined }

function render(fmt: CheckFormat, target: string, gates: Gate[], measured: Measured, x: Extra): string {
  const failed = gates.filter((g) => !g.ok);
  if (fmt === 'junit') return junitReport(target, gates, x.baselineName);
  if (fmt === 'json') {
    const base = x.baselineName === undefined ? {} : { baseline: { target: x.baselineName, measured: x.baseline }, growth: x.growth };
    return JSON.stringify({ target, measured, thresholds: x.thresholds, ...base, gates, violations: failed.map((g) => g.message), ok: failed.length === 0 }, null, 2);
  }
  return failed.length === 0 ? `${target}: ${gates.length === 1 ? 'the gate holds' : `all ${gates.length} gates hold`}` : failed.map((g) => `${target}: ${g.message}`).join('\n');
}

function parseThresholds(flags: CheckFlags): Thresholds {
  const t: Thresholds = {};
  const set = <K extends keyof Thresholds>(k: K, v: Thresholds[K]) => { if (v !== undefined) t[k] = v; };
  set('maxSize', bytesFlag('max-size', flags.maxSize));
  set('maxCompressed', bytesFlag('max-compressed', flags.maxCompressed));
  set('maxWasted', bytesFlag('max-wasted', flags.maxWasted));
  if (flags.minEfficiency !== undefined) {
    const e = Number(flags.minEfficiency);
    if (!(e >= 0 && e <= 1)) throw new UserError(`--min-efficiency ${flags.minEfficiency}: expected a fraction between 0 and 1`, { hint: 'e.g. --min-efficiency 0.95' });
    t.minEfficiency = e;
  }
  return t;
}

function bytesFlag(flag: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = parseByteSize(v);
  if (n === null) throw new UserError(`--${flag} ${v}: not a size`, { hint: 'write it like 1.5GB, 300MB or 200MiB' });
  return n;
}

function parseGrowth(flags: CheckFlags): Growth {
  const g: Growth = {};
  if (flags.maxGrowth !== undefined) {
    const p = parsePercent(flags.maxGrowth);
    if (p === null) throw new UserError(`--max-growth ${flags.maxGrowth}: not a percentage`, { hint: 'e.g. --max-growth 5%' });
    g.maxPercent = p;
  }
  const b = bytesFlag('max-growth-bytes', flags.maxGrowthBytes);
  if (b !== undefined) g.maxBytes = b;
  const given = g.maxPercent !== undefined || g.maxBytes !== undefined;
  if (given && flags.baseline === undefined) throw new UserError('--max-growth and --max-growth-bytes compare against a baseline', { hint: 'pass --baseline IMAGE|results.json|OUT' });
  if (!given && flags.baseline !== undefined) throw new UserError('--baseline needs a growth limit', { hint: 'pass --max-growth 5% and/or --max-growth-bytes 50MB' });
  return g;
}

/** A run (out dir or results file) when the path exists; an image when the name can be one; else a usage error. */
async function measure(target: string, variant: string, needs: Needs, base: string | undefined): Promise<Measured> {
  const kind = await stat(target).then((s) => (s.isDirectory() ? 'dir' : 'file'), () => null);
  if (kind === 'dir') return fromResults(await readResults(target), target, variant);
  if (kind === 'file') return fromResults(await readResultsFile(resolve(target)), target, variant);
  if (target.endsWith('.json') || !isImageReference(target)) {
    throw new UserError(`no such file or directory, and not an image name: ${target}`, { hint: 'pass a local image, the out dir of a `dflab run`, or its results.json' });
  }
  return fromImage(target, needs, base);
}

function fromResults(results: Results, target: string, variant: string): Measured {
  const v = results.variants.find((x) => x.name === variant);
  if (!v) throw new UserError(`no variant "${variant}" in ${target}`, { hint: `choose one with --variant: ${results.variants.map((x) => x.name).join(', ')}` });
  return { sizeBytes: v.sizeBytes, compressedBytes: v.compressedBytes, efficiency: v.efficiency, wastedBytes: v.wastedBytes };
}

async function fromImage(image: string, needs: Needs, base: string | undefined): Promise<Measured> {
  await requireEngine();
  const info = await inspectImage(image);
  if (!info) throw new UserError(`image not found: ${image}`, { hint: 'build or pull it first, or pass a results.json' });
  let efficiency: number | null = null;
  let wastedBytes: number | null = null;
  if (needs.waste) {
    const baseCount = base ? (await inspectImage(base))?.layers.length ?? 1 : 1;
    const report = analyzeEfficiency((await readLayerEntries(image)).map((l) => l.entries), baseCount);
    efficiency = report.efficiency;
    wastedBytes = report.wastedBytes;
  }
  let compressedBytes: number | null = null;
  if (needs.compressed) {
    const down = await registryAnswers();
    if (down) throw new UserError(`the local registry does not answer (${down}); compressed size needs it`, { exitCode: EXIT.engine, hint: 'bash scripts/engine-up.sh' });
    compressedBytes = (await pushForCompressedSize(image, 'dflab/check', `c${Date.now()}`)).compressedBytes;
  }
  return { sizeBytes: info.sizeBytes, compressedBytes, efficiency, wastedBytes };
}
