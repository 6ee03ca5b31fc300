// How rules compose in one variant (the cumulative `all` and dflab.yaml's combinations).
//
// Order: what changes the dependency set first (prune-requirements, then torch-cpu on what is left), then the build
// context and layer order, then the one strategy for the final stage's base, then install hygiene inside the
// RUNs that result (a builder's included), then merging RUNs. Rules not listed come last, in registry order.
//
// One final-base strategy per variant: onnx-runtime, multi-stage, base-slim and base-alpine each rebuild or swap
// the final stage's base, and stacking them makes no sense (a venv built on glibc copied onto musl, a slim base
// slimmed again). A variant takes the first of them, in this order, that applies: onnx-runtime when dflab.yaml
// configures it (the user asked for it, and it saves the most), else multi-stage, else base-slim.
// pip-cache-mount goes before pip-no-cache: a cache mount keeps the cache out of the image and speeds rebuilds;
// pip-no-cache then only touches the installs the mount could not take (a non-root USER …), never one that has a
// mount (DESIGN: don't combine PIP_NO_CACHE_DIR with a pip cache mount in the same step).
// base-distroless is left out of `all` too (no shell to debug with). base-alpine is left out of `all`: musl cannot install manylinux wheels and the offline lab cannot pull
// alpine, so it would sink the variant that combines everything; it is tried alone and through `bases:`.
import type { Rule } from '../rules/types.js';

export const COMPOSE_ORDER = [
  'prune-requirements', 'torch-cpu', 'dockerignore', 'layer-order', 'onnx-runtime', 'multi-stage', 'base-slim', 'base-alpine',
  'base-distroless', 'pip-cache-mount', 'pip-no-cache', 'apt-hygiene', 'merge-runs',
];

export const EXCLUSIVE_GROUPS: string[][] = [['onnx-runtime', 'multi-stage', 'base-slim', 'base-alpine', 'base-distroless']];

/** Rules the cumulative variant leaves out, and why (shown in its notes). */
export const NOT_CUMULATIVE: Record<string, string> = {
  'base-alpine': 'base-alpine is tried alone and through `bases:`, not in `all` (musl cannot install manylinux wheels)',
  'base-distroless': 'base-distroless is tried alone and through `bases:`, not in `all` (no shell in the image: a trade-off to choose, not a default)',
  minify: 'minify is tried alone, on the original: it keeps the files the original touched under the smoke test',
};

/** The rules in composing order. */
export function composeOrder(rules: Rule[]): Rule[] {
  const rank = (r: Rule) => {
    const i = COMPOSE_ORDER.indexOf(r.id);
    return i === -1 ? COMPOSE_ORDER.length + rules.indexOf(r) : i;
  };
  return [...rules].sort((a, b) => rank(a) - rank(b));
}

/** The exclusive group a rule belongs to, if any. */
export function exclusiveGroup(id: string): string[] | null {
  return EXCLUSIVE_GROUPS.find((g) => g.includes(id)) ?? null;
}
