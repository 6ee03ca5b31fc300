// The evidence minify plans with: every smoke probe run on the built original image under the tracer
// (engine/trace.ts), the traces parsed and resolved against the image's listing (measure/minify/). Whatever goes
// wrong is a value: minify then does not apply, and says why.
import { smokeProbes, type DflabConfig } from '../config/index.js';
import { inspectImage } from '../engine/docker.js';
import type { Endpoint } from '../engine/endpoint.js';
import { describeProbe } from '../engine/smoke.js';
import { imageRunConfig, traceProbe, TRACER_IMAGE } from '../engine/trace.js';
import { keepSet, parseListing, pickTools } from '../measure/minify/keep.js';
import { parseTrace } from '../measure/minify/trace.js';
import type { MinifyEvidence } from '../rules/types.js';

/** Whether a run should trace: minify is selected (or in a combination) and a smoke test is configured. */
export function wantsMinify(config: Pick<DflabConfig, 'rules' | 'variants' | 'smoke' | 'smokeProbes'>): boolean {
  const { include, exclude } = config.rules;
  const selected = (include.length === 0 || include.includes('minify')) && !exclude.includes('minify');
  return (selected || config.variants.some((v) => v.rules.includes('minify'))) && smokeProbes(config).length > 0;
}

export interface TraceOptions {
  signal?: AbortSignal;
  /** The traced image as messages name it (default: the original; else the variant minify goes on top of). */
  which?: string;
  /** The engine the image was loaded into (its builder's): the tracer runs there. Default: the current one. */
  endpoint?: Endpoint | undefined;
}

export async function traceForMinify(image: string, runId: string, config: Pick<DflabConfig, 'smoke' | 'smokeProbes' | 'minify'>, opts: TraceOptions = {}): Promise<MinifyEvidence> {
  return traceProbes(image, runId, config, opts).catch((e: Error) => ({ ok: false as const, reason: `the tracer could not run: ${e.message}` }));
}

async function traceProbes(image: string, runId: string, config: Pick<DflabConfig, 'smoke' | 'smokeProbes' | 'minify'>, opts: TraceOptions): Promise<MinifyEvidence> {
  const { signal, endpoint, which = 'the original' } = opts;
  const probes = smokeProbes(config);
  if (probes.length === 0) return { ok: false, reason: 'no smoke test is configured: minify keeps what the smoke test touches' };
  if (!(await inspectImage(TRACER_IMAGE, endpoint))) {
    const other = endpoint?.host ? endpoint.context ?? endpoint.host : null;
    return other === null
      ? { ok: false, reason: `the tracer image ${TRACER_IMAGE} is missing: run scripts/engine-up.sh` }
      : { ok: false, reason: `the tracer image ${TRACER_IMAGE} is missing on ${other}: copy it there (docker save ${TRACER_IMAGE} | docker ${endpoint?.context ? `--context ${other}` : `-H ${other}`} load)` };
  }
  const run = await imageRunConfig(image, endpoint);
  if (!run) return { ok: false, reason: `${which}'s image ${image} is gone` };
  const traced = new Set<string>();
  let listing = '';
  for (const spec of probes) {
    const t = await traceProbe({ image, runId, spec, signal, endpoint }, run);
    if (!t.ok) return { ok: false, reason: `the traced smoke probe ${describeProbe(spec)} failed on ${which}: ${t.reason}` };
    for (const path of parseTrace(t.trace, run.workdir).paths) traced.add(path);
    listing ||= t.listing;
  }
  const files = parseListing(listing);
  const keep = keepSet({ traced: [...traced], listing: files, workdir: run.workdir, keep: config.minify?.keep ?? [] });
  const tools = pickTools(files);
  return { ok: true, keep, probes: probes.length, ...(tools ? { tools } : {}), run };
}
