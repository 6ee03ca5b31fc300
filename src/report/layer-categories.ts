// Splits an image's bytes into base / dependencies / app / waste from results.json's layer records, for
// the stacked size bars. The split is by the instruction that made each layer (a heuristic: a RUN that
// installs packages is dependencies, COPY of a manifest or from a builder stage too, other COPY/ADD and RUN app).
import type { LayerRecord, VariantResult } from '../results.js';

export const CATEGORIES = ['base', 'dependencies', 'app', 'waste', 'other'] as const;
export type Category = (typeof CATEGORIES)[number];

export type Breakdown = Record<Category, number>;

const INSTALLERS = /\b(apt-get|apt|apk|pip3?|python3? -m pip|uv|poetry|pipenv|conda|mamba|micromamba|npm|yarn|pnpm|gem|bundle|cargo|go|dnf|yum|microdnf|zypper)\b[^\n]*\b(install|add|sync|ci|download|fetch|build)\b/;
const MANIFESTS = /\b(requirements[\w.-]*\.txt|constraints[\w.-]*\.txt|pyproject\.toml|poetry\.lock|Pipfile(\.lock)?|setup\.(py|cfg)|uv\.lock|package(-lock)?\.json|yarn\.lock|pnpm-lock\.yaml|go\.(mod|sum)|Gemfile(\.lock)?|Cargo\.(toml|lock))\b/;

export function categoryOf(layer: LayerRecord): Exclude<Category, 'waste' | 'other'> {
  if (layer.line === null || layer.instruction === 'base') return 'base';
  const text = layer.instruction.trim();
  const keyword = text.split(/\s+/, 1)[0]?.toUpperCase() ?? '';
  if (keyword === 'RUN') return INSTALLERS.test(text) ? 'dependencies' : 'app';
  if (keyword === 'COPY' || keyword === 'ADD') {
    if (/--from=/.test(text) || MANIFESTS.test(text)) return 'dependencies';
    return 'app';
  }
  return 'app';
}

/**
 * Bytes per category. Waste (dive's wasted bytes: stored in a layer, overwritten or deleted later) is
 * part of the layers' bytes, so it is taken out of the other categories in proportion.
 * "other" is what the image size has beyond the layer records (nothing, when attribution is complete).
 */
export function breakdown(v: VariantResult): Breakdown {
  const out: Breakdown = { base: 0, dependencies: 0, app: 0, waste: 0, other: 0 };
  for (const layer of v.layers) out[categoryOf(layer)] += Math.max(0, layer.sizeBytes);
  // dive counts waste over every layer, the base's included, without saying which layer holds it.
  const total = out.base + out.dependencies + out.app;
  const waste = Math.min(Math.max(0, v.wastedBytes ?? 0), total);
  if (waste > 0) {
    for (const cat of ['base', 'dependencies', 'app'] as const) out[cat] -= waste * (out[cat] / total);
    out.waste = waste;
  }
  const attributed = out.base + out.dependencies + out.app + out.waste;
  // Under 1% is rounding between the layer records and the image size, not worth a segment.
  if (v.sizeBytes !== null && v.sizeBytes - attributed > v.sizeBytes * 0.01) out.other = v.sizeBytes - attributed;
  return out;
}
