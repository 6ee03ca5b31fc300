// Per-layer sizes that mean the same on both image stores. `docker history` sizes differ: the classic
// store reports the bytes of a layer's diff directory, the containerd store its snapshot's disk usage
// (rounded up to filesystem blocks: an 8-byte file counts 4096). The bytes of the files each layer's
// tar holds (dive's layer size, what `dflab analyze` shows) are the same on both.
import type { HistoryEntry } from './types.js';

/** `history` with each layer-making row's size replaced by its layer's file bytes (bottom first). Which rows
 *  made a layer: the image config's `empty_layer` flags when given (a WORKDIR or a RUN that only deletes makes
 *  a layer `docker history` shows as 0 bytes on the classic store); else the rows with bytes when their count
 *  is right; else the newest rows. */
export function historyWithLayerBytes(history: readonly HistoryEntry[], layerBytes: readonly number[], emptyLayer?: readonly boolean[] | null): HistoryEntry[] {
  const flags = emptyLayer && emptyLayer.length === history.length ? emptyLayer : history.map((h) => h.emptyLayer);
  const nonEmpty = history.flatMap((_, i) => (flags[i] ? [] : [i]));
  const rows = nonEmpty.length === layerBytes.length
    ? nonEmpty
    : history.map((_, i) => i).slice(Math.max(0, history.length - layerBytes.length));
  const offset = layerBytes.length - rows.length; // more layers than history rows: the oldest go unnamed
  const size = new Map(rows.map((row, k) => [row, layerBytes[k + offset]!]));
  return history.map((h, i) => ({ ...h, sizeBytes: size.get(i) ?? 0 }));
}
