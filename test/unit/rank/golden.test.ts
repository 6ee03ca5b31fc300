// Golden rankings: each scenario's full ranking (rank, Pareto mark, unranked reasons, verdict) under
// every objective, stored in golden/<scenario>.txt. UPDATE_GOLDEN=1 rewrites them; review the diff.
import { fileURLToPath } from 'node:url';
import { describe, it } from 'vitest';
import { expectGolden } from '../golden.js';
import { objectiveLabel, rankVariants, type RankObjective } from '../../../src/rank/index.js';
import type { Outcome, VariantResult } from '../../../src/results.js';

const MB = 1_000_000;

function v(name: string, sizeMB: number | null, coldSeconds: number | null, outcome: Outcome = 'ok', compressedMB: number | null = null, error: string | null = null): VariantResult {
  return {
    name, rules: name === 'original' ? [] : [name], outcome,
    dockerfile: `variants/${name}/Dockerfile`, patch: name === 'original' ? null : `patches/${name}.patch`,
    sizeBytes: sizeMB === null ? null : sizeMB * MB, compressedBytes: compressedMB === null ? null : compressedMB * MB,
    wastedBytes: null, efficiency: null, layers: [],
    build: coldSeconds === null ? null : { coldSeconds, warmSeconds: null, steps: [] },
    smoke: outcome === 'ok' || outcome === 'smoke-failed' ? { passed: outcome === 'ok', seconds: 1, startupSeconds: null, outputTail: '' } : null,
    rank: null, pareto: false, error: outcome === 'ok' ? null : error ?? `${outcome}`,
  };
}

/** The variant with a known ± on its cold build time. */
function noisy(variant: VariantResult, spread: number): VariantResult {
  return { ...variant, build: variant.build && { ...variant.build, coldSpreadSeconds: spread } };
}

const OBJECTIVES: RankObjective[] = ['size', 'compressed', 'build', 'balanced', { weights: { size: 2, compressed: 0, build: 1 } }, { weights: { size: 0, compressed: 1, build: 1 } }];

const SCENARIOS: Record<string, VariantResult[]> = {
  // Equal sizes: cold build time decides, then the name; equal on both axes, both stay on the front.
  ties: [
    v('original', 500, 40, 'ok', 200),
    v('b-twin', 145, 30, 'ok', 60),
    v('a-twin', 145, 30, 'ok', 60),
    v('slower-same-size', 145, 35, 'ok', 58),
    v('same-as-original', 500, 40, 'ok', 200),
  ],
  // Failed variants are never ranked, however small, and are listed with their reason.
  'failed-variants': [
    v('original', 1093, 48, 'ok', 406),
    v('base-alpine', null, 0, 'base-unavailable', null, 'base image python:3.13-alpine is not available (no registry is reachable)\nERROR: failed to solve'),
    v('distroless', 60, 20, 'smoke-failed', 22, 'smoke test failed: exit code 127, expected 0\n/bin/sh: not found'),
    v('base-slim', 312, 42, 'ok', 98),
    v('apt-hygiene', null, 12, 'build-failed', null, 'step "RUN apt-get install -y build-essentialx" failed: exit code 100'),
    v('later', null, null, 'skipped', null, 'interrupted before this variant finished'),
  ],
  // multi-stage beats every other variant on size and on build time: the front is it alone.
  dominating: [
    v('original', 502, 40, 'ok', 180),
    v('multi-stage', 120, 20, 'ok', 45),
    v('base-slim', 145, 30, 'ok', 50),
    v('pip-no-cache', 480, 41, 'ok', 170),
  ],
  // Each axis has a different winner: the objectives disagree, the front keeps the trade-offs.
  'trade-offs': [
    v('original', 1000, 60, 'ok', 400),
    v('smallest', 200, 120, 'ok', 90),
    v('fastest', 900, 15, 'ok', 380),
    v('best-compressed', 260, 70, 'ok', 70),
    v('middle', 400, 30, 'ok', 150),
  ],
  // Cold times inside the noise are ties: with spreads, the two together; without (base-slim), max(0.5 s, 5%).
  // pip-no-cache is measurably faster than everything; the rest are one group of 16.2 s, ranked by size.
  noise: [
    noisy(v('original', 500, 17.0, 'ok', 200), 0.3),
    noisy(v('dockerignore', 498, 16.6, 'ok', 199), 0.3),
    v('base-slim', 150, 16.9, 'ok', 60),
    noisy(v('fast-big', 520, 16.2, 'ok', 210), 0.1),
    noisy(v('pip-no-cache', 480, 14.0, 'ok', 190), 0.2),
  ],
  // layer-order is 0.4 s faster than the original, inside their ±0.3 + ±0.2; apt-hygiene is 0.3 s slower than the
  // original (a tie) but 0.7 s slower than layer-order (measurable). "Better" goes round in a circle under build
  // (apt-hygiene < original < layer-order < apt-hygiene): each beats one and loses one, so names order them, and
  // nothing is recommended since no variant is measurably faster than the original. Under balanced apt-hygiene
  // wins on size at a time the same as the original's, and its size dominates the original off the front.
  'inside-the-noise': [
    noisy(v('original', 300, 10.0, 'ok', 100), 0.2),
    noisy(v('layer-order', 310, 9.6, 'ok', 101), 0.3),
    noisy(v('apt-hygiene', 280, 10.3, 'ok', 95), 0.3),
  ],
};

function render(variants: VariantResult[]): string {
  const out: string[] = [];
  for (const objective of OBJECTIVES) {
    const r = rankVariants(variants, objective);
    out.push(`## ${objectiveLabel(objective)}`);
    for (const x of r.variants) out.push(`${x.rank ?? '-'} ${x.name}${x.pareto ? ' [pareto]' : ''}`);
    for (const u of r.unranked) out.push(`not ranked: ${u.name} (${u.outcome}): ${u.reason}`);
    out.push(`recommended: ${r.recommended ?? 'none'}`, `reason: ${r.reason}`, '');
  }
  return out.join('\n');
}

describe('ranking golden files', () => {
  for (const [name, variants] of Object.entries(SCENARIOS)) {
    it(name, () => expectGolden(fileURLToPath(new URL(`./golden/${name}.txt`, import.meta.url)), render(variants)));
  }
});
