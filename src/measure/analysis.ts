// `dflab analyze` (pure): `docker history` and dive's summary in one report — layers with size and
// created-by, each layer's largest files, the wasted-files list with where an rm belongs.
import { analyzeEfficiency, type TarEntry } from './efficiency.js';
import { historyKeyword } from './layers.js';

export interface AnalysisInput {
  image: string;
  sizeBytes: number;
  /** History rows oldest first; rows that made no layer are recognised by size 0. */
  history: { createdBy: string; sizeBytes: number }[];
  layers: { diffId: string; entries: TarEntry[]; fileBytes: number }[];
  baseLayerCount: number;
  baseSource: string;
}

export interface LayerSummary { index: number; sizeBytes: number; createdBy: string; base: boolean; largest: { path: string; sizeBytes: number }[] }
export interface WastedPath { path: string; wastedBytes: number; occurrences: number; createdIn: number; removedIn: number | null; advice: string }

export interface Analysis {
  image: string;
  sizeBytes: number;
  efficiency: number;
  wastedBytes: number;
  wastedUserPercent: number;
  reclaimableBytes: number;
  baseLayerCount: number;
  baseSource: string;
  layers: LayerSummary[];
  wasted: WastedPath[];
}

const LARGEST_PER_LAYER = 5;
const WASTED_TOP = 20;

export function analyzeImage(input: AnalysisInput, topWasted = WASTED_TOP): Analysis {
  const report = analyzeEfficiency(input.layers.map((l) => l.entries), input.baseLayerCount);
  const createdBy = layerCreators(input.history, input.layers.length, input.layers.map((l) => l.fileBytes));
  const layers = input.layers.map((l, index) => ({
    index, sizeBytes: l.fileBytes, createdBy: createdBy[index] ?? '', base: index < input.baseLayerCount, largest: largestFiles(l.entries),
  }));
  const wasted = report.inefficiencies.filter((i) => i.cumulativeBytes > 0).slice(0, topWasted).map((i) => {
    const createdIn = i.layers[0] ?? 0;
    const last = i.layers[i.layers.length - 1] ?? createdIn;
    const deleted = isWhiteoutIn(input.layers[last]?.entries ?? [], i.path);
    const where = last < input.baseLayerCount ? ' (inside the base image)' : '';
    const advice = deleted
      ? `created in layer ${createdIn}, deleted in layer ${last}${where}: delete it in the RUN that creates it, or merge those RUNs`
      : `rewritten in layers ${i.layers.join(', ')}${where}: every rewrite stores a full copy; write it once, or in one RUN`;
    return { path: i.path, wastedBytes: i.cumulativeBytes, occurrences: i.occurrences, createdIn, removedIn: deleted ? last : i.removedIn, advice };
  });
  return {
    image: input.image, sizeBytes: input.sizeBytes, efficiency: report.efficiency, wastedBytes: report.wastedBytes,
    wastedUserPercent: report.wastedUserPercent, reclaimableBytes: report.reclaimableBytes,
    baseLayerCount: input.baseLayerCount, baseSource: input.baseSource, layers, wasted,
  };
}

/**
 * History rows that made a layer, oldest first. With the layers' byte counts, an empty layer (BuildKit's WORKDIR
 * that creates the directory, a RUN that changed nothing) is matched to a zero-size row that can make one, and every
 * other layer to the next row with bytes; without them, or when that fails, the newest rows are matched.
 */
export function layerCreators(history: { createdBy: string; sizeBytes: number }[], layerCount: number, layerBytes?: readonly number[]): string[] {
  const clean = (s: string) => s.replace(/^\/bin\/sh -c #\(nop\)\s*/, '').replace(/ # buildkit$/, '').trim();
  const withBytes = history.filter((h) => h.sizeBytes > 0);
  const aligned = layerBytes && withBytes.length !== layerCount ? alignEmptyLayers(history, layerBytes) : null;
  const rows = aligned ?? (withBytes.length === layerCount ? withBytes : history.slice(-layerCount));
  const out = rows.map((h) => clean(h.createdBy));
  while (out.length < layerCount) out.unshift('');
  return out;
}

const MAKES_EMPTY_LAYER = new Set(['RUN', 'COPY', 'ADD', 'WORKDIR']);

function alignEmptyLayers<T extends { createdBy: string; sizeBytes: number }>(history: T[], layerBytes: readonly number[]): T[] | null {
  const out: T[] = [];
  let next = 0;
  for (const bytes of layerBytes) {
    const empty = bytes === 0;
    while (next < history.length && !(empty ? history[next]!.sizeBytes === 0 && MAKES_EMPTY_LAYER.has(historyKeyword(history[next]!.createdBy)) : history[next]!.sizeBytes > 0)) {
      if (empty && history[next]!.sizeBytes > 0) return null; // an empty layer with no row to carry it
      next++;
    }
    if (next >= history.length) return null;
    out.push(history[next++]!);
  }
  return history.slice(next).some((h) => h.sizeBytes > 0) ? null : out;
}

/** Whether a layer deletes `path` ("/a/b") with a whiteout entry ("a/.wh.b"). */
function isWhiteoutIn(entries: TarEntry[], path: string): boolean {
  const rel = path.replace(/^\//, '');
  const slash = rel.lastIndexOf('/');
  const marker = slash < 0 ? `.wh.${rel}` : `${rel.slice(0, slash)}/.wh.${rel.slice(slash + 1)}`;
  return entries.some((e) => e.path === marker);
}

function largestFiles(entries: TarEntry[]): { path: string; sizeBytes: number }[] {
  const top: { path: string; sizeBytes: number }[] = [];
  for (const e of entries) {
    if (e.type !== 'file' || e.size === 0) continue;
    if (top.length < LARGEST_PER_LAYER || e.size > top[top.length - 1]!.sizeBytes) {
      top.push({ path: `/${e.path}`, sizeBytes: e.size });
      top.sort((a, b) => b.sizeBytes - a.sizeBytes);
      if (top.length > LARGEST_PER_LAYER) top.pop();
    }
  }
  return top;
}
