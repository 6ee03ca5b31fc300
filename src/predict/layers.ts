// merge-runs and layer-order: rules that change which layer a file lands in, not which files the image holds.
// merge-runs: the bytes a RUN writes and a later RUN of the same merged group deletes or rewrites (the per-layer
// waste of the attribution, by the layer that hides it) are never stored once both run in one layer.
// layer-order: the same files in another order — a real 0-byte prediction — plus the manifests the install now
// copies first, which the app's COPY then writes again.
import { finalStage, parseDockerfile, type Instruction } from '../dockerfile/index.js';
import { finalView, historyKey, instructionKey } from './final-stage.js';
import { contributor, type Contributor, type Predictor, type Unit } from './types.js';

export const mergeRuns: Predictor = (a, v, f) => {
  const kept = finalView(v.dockerfile).keys;
  const original = finalStage(parseDockerfile(f.dockerfile)).instructions.slice(1);
  const group = groups(original, (i) => i.keyword === 'RUN' && !kept.has(instructionKey(i)));
  const layerGroup = new Map<number, number>();
  let next = 0;
  for (const l of a.layers.filter((x) => !x.base)) {
    const key = historyKey(l.createdBy);
    const at = original.findIndex((i, k) => k >= next && instructionKey(i) === key);
    if (at < 0) continue;
    next = at + 1;
    if (group[at]! >= 0) layerGroup.set(l.index, group[at]!);
  }
  const units: Unit[] = [];
  for (const w of a.waste) {
    const g = layerGroup.get(w.layer);
    const bytes = g === undefined ? 0 : w.hiddenBy.filter((h) => layerGroup.get(h.layer) === g).reduce((s, h) => s + h.bytes, 0);
    if (bytes > 0) units.push({ key: `waste:${w.layer}`, bytes: -bytes, category: 'waste' });
  }
  const out: Contributor[] = units.length
    ? [contributor(`bytes a RUN writes and a RUN merged with it deletes (${units.length} layer${units.length === 1 ? '' : 's'})`, units)]
    : [contributor('the merged RUNs delete nothing an earlier one of them wrote: same size', [{ key: 'merge-runs', bytes: 0, category: 'waste' }])];
  return { ok: true, contributors: out };
};

export const layerOrder: Predictor = (a, v, f) => {
  const out: Contributor[] = [contributor('layer order changes build time, not size', [{ key: 'layer-order', bytes: 0, category: 'copy' }])];
  const before = new Set(finalStage(parseDockerfile(f.dockerfile)).instructions.map(instructionKey));
  const added = finalStage(parseDockerfile(v.dockerfile)).instructions.filter((i) => i.keyword === 'COPY' && !before.has(instructionKey(i)) && !i.flags.some((x) => x.name === 'from'));
  const sizes = new Map((f.context ?? []).map((c) => [c.path, c.size]));
  const units: Unit[] = added.flatMap((i) => i.args.slice(0, -1).filter((s) => sizes.has(norm(s))).map((s) => ({ key: `manifest:${norm(s)}`, bytes: sizes.get(norm(s))!, category: 'copy' as const })));
  if (units.length) out.push(contributor(`${units.map((u) => u.key.slice('manifest:'.length)).join(', ')} copied before the install, and again with the app`, units));
  return { ok: true, contributors: out };
};

/** For each instruction, the index of the run of adjacent instructions `inGroup` holds that it belongs to (-1: none). */
function groups(instructions: readonly Instruction[], inGroup: (i: Instruction) => boolean): number[] {
  let current = -1;
  let n = 0;
  return instructions.map((i, k) => {
    if (!inGroup(i)) return (current = -1);
    if (k === 0 || current === -1) current = n++;
    return current;
  });
}

function norm(path: string): string {
  return path.replace(/^\.\//, '');
}

