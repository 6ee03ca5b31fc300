// torch-cpu and onnx-runtime: the stack a variant replaces, minus what it installs instead. What goes is read from
// the attribution (torch & co. with the packages only they need); what comes is sized from the local package
// metadata the caller gathered (PredictFacts.index); without it the variant is not predicted, never guessed.
import { pipInstalls } from '../analysis/python/pip-args.js';
import { isTorchAndCo, isTorchAndCoDeb, TORCH_PACKAGES } from '../analysis/python/python-packages.js';
import { normalizeName } from '../analysis/python/requirements.js';
import type { Attribution, PackageBytes } from '../measure/attribution/index.js';
import type { PlannedVariant } from '../plan/index.js';
import { reason } from '../reasons.js';
import { baseDifference } from './base.js';
import { debClosure, debsAgain, debsDropped, installedAgain, trimmedByFilters } from './debs.js';
import { finalView, historyKey, keptByText, leftBehind } from './final-stage.js';
import { cpuWheel, debsAdded, installedDists, wheelsAdded, type Added } from './replacement.js';
import { contributor, type Contributor, type Predictor, type PredictFacts, type RulePrediction, type Unit } from './types.js';

/** A layer whose step installs packages: the final stage installs again instead of keeping it. */
const INSTALLS = /\b(?:apt-get|apt|pip3?|uv|conda|mamba|micromamba|poetry|pipenv)\b[^;&|]*\b(?:install|sync|update)\b/;
const CUDA_ONLY = /^(?:nvidia-|cuda-|triton$|pytorch-triton)/;

export const torchCpu: Predictor = (a, v, f) => {
  const torch = a.packages.filter((p) => p.kind === 'python' && !p.inBase && p.bytes > 0 && TORCH_PACKAGES.has(normalizeName(p.name)));
  if (torch.length === 0) return { ok: false, reason: reason('nothing-predicted', 'the original image holds no pip-installed torch above its base') };
  const cuda = new Set(torch.flatMap((p) => p.onlyPulls.names.filter((n) => CUDA_ONLY.test(normalizeName(n)))));
  const gone = a.packages.filter((p) => p.kind === 'python' && (torch.includes(p) || cuda.has(p.name)));
  const present = new Set([...installedDists(a)].filter((n) => !gone.some((p) => normalizeName(p.name) === n)));
  const added = wheelsAdded(torch.map((p) => p.name), f.index, present, cpuWheel);
  if (added.missing.length) return unsized(f, `the CPU wheels of ${added.missing.join(', ')}`);
  return { ok: true, contributors: [
    removed(gone, `${torch.map((p) => p.name).join(', ')} (CUDA build) and ${cuda.size} CUDA package${cuda.size === 1 ? '' : 's'} only ${torch.length === 1 ? 'it needs' : 'they need'}`),
    contributor(`CPU wheels of ${torch.map((p) => p.name).join(', ')} (from ${f.index!.source})`, added.units),
    ...cacheShift(a, gone, added),
  ] };
};

export const onnxRuntime: Predictor = (a, v, f) => {
  const view = finalView(v.dockerfile);
  const moved = view.base !== finalView(f.dockerfile).base;
  const out: Contributor[] = [];
  if (moved) {
    const base = baseDifference(a, view.base, f);
    if ('reason' in base) return { ok: false, reason: base.reason };
    out.push(base);
  }
  const kept = debClosure(a, view.aptNamed);
  const torchDebs = a.packages.filter((p) => p.kind === 'deb' && !p.inBase && isTorchAndCoDeb(p.name) && !kept.has(p.name));
  const torchDists = a.packages.filter((p) => p.kind === 'python' && !p.inBase && isTorchAndCo(p.name));
  const roots = [...torchDebs, ...torchDists];
  const stack = roots.flatMap((p) => [p, ...only(a, p, kept)]);
  const named = roots.filter((p) => !roots.some((q) => q.onlyPulls.names.includes(p.name))).map((p) => p.name);
  if (stack.length) out.push(removed(stack, `${named.join(', ')} and the packages only they need`));
  out.push(...debsDropped(a, new Set([...kept, ...stack.map((p) => p.name)]), 'left in the builder (build-only, or brought by Recommends)'));
  const filters = moved ? f.baseFilters?.get(view.base) ?? [] : [];
  if (moved) out.push(...debsAgain(a, installedAgain(kept, view.aptNamed, f.basePackages?.get(view.base)), filters));
  out.push(...trimmedByFilters(a, view.base, filters, (p) => kept.has(p.name)));
  const apt = debsAdded(a, view.aptNamed.filter((n) => !a.packages.some((p) => p.kind === 'deb' && p.name === n)), f.index);
  const pip = wheelsAdded(pipTargets(v, f), f.index, installedDists(a));
  const missing = [...apt.missing, ...pip.missing];
  if (missing.length) return unsized(f, missing.join(', '));
  if (apt.units.length || pip.units.length) out.push(contributor(`what the final stage installs instead (${[...apt.units, ...pip.units].map((u) => u.key.replace(/^\w+:/, '')).join(', ')})`, [...apt.units, ...pip.units]));
  const keepsLayer = keptByText(view);
  out.push(...leftBehind(a, (l) => keepsLayer(l) || !INSTALLS.test(historyKey(l.createdBy))));
  out.push(contributor('the exported model (its size is known once exported): not counted', [{ key: 'onnx-artifact', bytes: 0, category: 'copy' }]));
  return { ok: true, contributors: out };
};

/** The packages only `p` pulls in that the final stage does not keep. */
function only(a: Attribution, p: PackageBytes, kept: ReadonlySet<string>): PackageBytes[] {
  const names = new Set(p.onlyPulls.names);
  return a.packages.filter((x) => x.kind === p.kind && names.has(x.name) && !kept.has(x.name) && !x.inBase);
}

function removed(list: readonly PackageBytes[], what: string): Contributor {
  const units: Unit[] = [...new Map(list.map((p) => [`${p.kind}:${p.kind === 'python' ? normalizeName(p.name) : p.name}`, p])).entries()]
    .map(([key, p]) => ({ key, bytes: -p.bytes, category: p.kind }));
  return contributor(what, units);
}

/** Distributions the variant's final-stage pip installs name directly (onnxruntime), not through a requirements file. */
function pipTargets(v: PlannedVariant, f: PredictFacts): string[] {
  const view = finalView(v.dockerfile);
  const files = { ...f.files, ...Object.fromEntries(v.files.filter((e) => e.newText !== null).map((e) => [e.path, e.newText!])) };
  return pipInstalls(view.model, files, Object.keys(files), [view.stage]).flatMap((i) => i.targets.flatMap((t) => (t.name ? [t.name] : [])));
}

/**
 * pip's cache holds the wheels it downloaded: the replaced stack takes its share with it (its share of the Python
 * bytes above the base, as prune-requirements estimates it) and the new wheels' files come in. One unit per cache
 * root, keyed as pip-no-cache's, so a combination that drops the cache counts it once.
 */
function cacheShift(a: Attribution, gone: readonly PackageBytes[], added: Added): Contributor[] {
  const cache = a.categories.find((c) => c.category === 'pip-cache');
  const python = a.packages.filter((p) => p.kind === 'python' && !p.inBase).reduce((s, p) => s + p.bytes, 0);
  if (!cache || cache.bytes === 0 || python === 0) return [];
  const goneBytes = gone.reduce((s, p) => s + p.bytes, 0);
  const units: Unit[] = cache.top.map((s) => ({ key: `pip-cache:${s.name}`, bytes: Math.round((s.bytes / cache.bytes) * (added.fileBytes - (cache.bytes * goneBytes) / python)), category: 'pip-cache' }));
  return [contributor(`pip's cache: the replaced wheels out, the new ones in (estimated)`, units)];
}

function unsized(f: PredictFacts, what: string): RulePrediction {
  const why = f.index ? `not in the local package metadata (${f.index.source})` : 'no local package metadata (a wheel directory, apt lists) was given';
  return { ok: false, reason: reason('replacement-unsized', `${what}: ${why}; the replacement is not guessed`) };
}
