// `dflab check IMAGE|OUT`: a CI gate. Exit 0 when every threshold holds, 1 with a line per violation. OUT is a
// run's out dir (or its results.json), read through the one validated reader.
import { stat } from 'node:fs/promises';
import { requireEngine } from '../engine/availability.js';
import { inspectImage } from '../engine/docker.js';
import { readLayerEntries } from '../engine/layer-contents.js';
import { pushForCompressedSize, registryAnswers } from '../engine/registry.js';
import { EXIT, UserError } from '../errors.js';
import { analyzeEfficiency } from '../measure/efficiency.js';
import { checkThresholds, parseByteSize, type Measured, type Thresholds } from '../measure/thresholds.js';
import { ORIGINAL } from '../results.js';
import { readResults, readResultsFile } from '../run/results-file.js';

export interface CheckFlags { maxSize?: string; maxCompressed?: string; minEfficiency?: string; maxWasted?: string; variant?: string; base?: string; json?: boolean }

export async function checkCommand(target: string, flags: CheckFlags): Promise<number> {
  const thresholds = parseThresholds(flags);
  if (Object.keys(thresholds).length === 0) throw new UserError('no threshold given', { hint: 'pass at least one of --max-size, --max-compressed, --min-efficiency, --max-wasted' });
  const measured = await isRun(target) ? await fromResults(target, flags.variant ?? ORIGINAL) : await fromImage(target, thresholds, flags.base);
  const violations = checkThresholds(measured, thresholds);
  if (flags.json) console.log(JSON.stringify({ target, measured, thresholds, violations, ok: violations.length === 0 }, null, 2));
  else console.log(violations.length === 0 ? `${target}: all thresholds hold` : violations.map((v) => `${target}: ${v}`).join('\n'));
  return violations.length === 0 ? EXIT.ok : EXIT.checkFailed;
}

function parseThresholds(flags: CheckFlags): Thresholds {
  const bytes = (flag: string, v: string | undefined) => {
    if (v === undefined) return undefined;
    const n = parseByteSize(v);
    if (n === null) throw new UserError(`--${flag} ${v}: not a size`, { hint: 'write it like 1.5GB, 300MB or 200MiB' });
    return n;
  };
  const t: Thresholds = {};
  const set = <K extends keyof Thresholds>(k: K, v: Thresholds[K]) => { if (v !== undefined) t[k] = v; };
  set('maxSize', bytes('max-size', flags.maxSize));
  set('maxCompressed', bytes('max-compressed', flags.maxCompressed));
  set('maxWasted', bytes('max-wasted', flags.maxWasted));
  if (flags.minEfficiency !== undefined) {
    const e = Number(flags.minEfficiency);
    if (!(e >= 0 && e <= 1)) throw new UserError(`--min-efficiency ${flags.minEfficiency}: expected a fraction between 0 and 1`, { hint: 'e.g. --min-efficiency 0.95' });
    t.minEfficiency = e;
  }
  return t;
}

/** An out dir or a .json file is a run's results; anything else names an image. */
async function isRun(target: string): Promise<boolean> {
  return target.endsWith('.json') || (await stat(target).then((s) => s.isDirectory(), () => false));
}

async function fromResults(target: string, variant: string): Promise<Measured> {
  const results = target.endsWith('.json') ? await readResultsFile(target) : await readResults(target);
  const v = results.variants.find((x) => x.name === variant);
  if (!v) throw new UserError(`no variant "${variant}" in ${target}`, { hint: `choose one with --variant: ${results.variants.map((x) => x.name).join(', ')}` });
  return { sizeBytes: v.sizeBytes, compressedBytes: v.compressedBytes, efficiency: v.efficiency, wastedBytes: v.wastedBytes };
}

async function fromImage(image: string, t: Thresholds, base: string | undefined): Promise<Measured> {
  await requireEngine();
  const info = await inspectImage(image);
  if (!info) throw new UserError(`image not found: ${image}`, { hint: 'build or pull it first, or pass a results.json' });
  let efficiency: number | null = null;
  let wastedBytes: number | null = null;
  if (t.minEfficiency !== undefined || t.maxWasted !== undefined) {
    const baseCount = base ? (await inspectImage(base))?.layers.length ?? 1 : 1;
    const report = analyzeEfficiency((await readLayerEntries(image)).map((l) => l.entries), baseCount);
    efficiency = report.efficiency;
    wastedBytes = report.wastedBytes;
  }
  let compressedBytes: number | null = null;
  if (t.maxCompressed !== undefined) {
    const down = await registryAnswers();
    if (down) throw new UserError(`the local registry does not answer (${down}); compressed size needs it`, { exitCode: EXIT.engine, hint: 'bash scripts/engine-up.sh' });
    compressedBytes = (await pushForCompressedSize(image, 'dflab/check', `c${Date.now()}`)).compressedBytes;
  }
  return { sizeBytes: info.sizeBytes, compressedBytes, efficiency, wastedBytes };
}
