// Compressed bytes of a predicted difference (pure): each unit's bytes times its category's compressed/uncompressed
// ratio — the one observed on the original's layers when a push measured them, else these defaults (gzip -6 of
// layer tars, as measured on Debian/Python images: binaries and Python sources about 0.4; pip's cache holds
// wheels, already zip-compressed; Debian images keep apt lists lz4-compressed (docker-gzip-indexes); .debs are
// compressed archives).
import type { Category } from '../measure/attribution/index.js';
import type { Unit } from './types.js';

export const DEFAULT_RATIOS: Record<Category, number> = {
  base: 0.4, deb: 0.4, python: 0.4, conda: 0.4, 'pip-cache': 0.95, 'uv-cache': 0.45, 'apt-lists': 0.9, 'apt-cache': 0.95,
  pycache: 0.45, copy: 0.5, waste: 0.5, other: 0.45,
};

export function compressedBytes(units: readonly Pick<Unit, 'bytes' | 'category'>[], ratios: Partial<Record<Category, number>> = {}): number {
  return Math.round(units.reduce((s, u) => s + u.bytes * (ratios[u.category] ?? DEFAULT_RATIOS[u.category]), 0));
}

/** compressedBytes of a difference given by category. */
export function compressedOfCategories(byCategory: Partial<Record<Category, number>>, ratios: Partial<Record<Category, number>> = {}): number {
  return compressedBytes((Object.entries(byCategory) as [Category, number][]).map(([category, bytes]) => ({ category, bytes })), ratios);
}

/**
 * Per category, the ratio observed on the original's layers: Σ over layers of the category's bytes × the layer's
 * compressed/stored ratio, over the category's bytes. Layers with no stored bytes are skipped.
 */
export function observedRatios(layers: readonly { storedBytes: number; byCategory: Partial<Record<Category, number>> }[], compressed: readonly number[]): Partial<Record<Category, number>> {
  const sums = new Map<Category, { bytes: number; weighted: number }>();
  layers.forEach((l, i) => {
    const c = compressed[i];
    if (c === undefined || l.storedBytes === 0) return;
    for (const [cat, bytes] of Object.entries(l.byCategory) as [Category, number][]) {
      const s = sums.get(cat) ?? { bytes: 0, weighted: 0 };
      s.bytes += bytes;
      s.weighted += bytes * (c / l.storedBytes);
      sums.set(cat, s);
    }
  });
  return Object.fromEntries([...sums].filter(([, s]) => s.bytes > 0).map(([cat, s]) => [cat, s.weighted / s.bytes]));
}
