// Fills in the defaults and gives smoke its tagged form. Runs only on a value that passed the
// schema and the checks.
import type { Weights } from '../rank/objectives.js';
import { ALL_VARIANT } from '../results.js';
import type { DflabConfig, SmokeConfig } from './types.js';
import type { RawConfig, RawSmoke } from './schema.js';

export const DEFAULTS = {
  dockerfile: 'Dockerfile',
  context: '.',
  timeoutSeconds: 60,
  expectExitCode: 0,
  method: 'GET',
  path: '/',
  expectStatus: 200,
  objective: 'size',
  onnxRuntime: ['onnxruntime'],
} as const;

/** `list`: the items of `smoke:` given as a list (the config's own `smoke` is then unset). */
export function normalizeConfig(raw: RawConfig, list?: RawSmoke[]): DflabConfig {
  const probes = list?.map(normalizeSmoke);
  return {
    dockerfile: raw.dockerfile ?? DEFAULTS.dockerfile,
    context: raw.context ?? DEFAULTS.context,
    target: raw.target ?? null,
    smoke: probes ? probes[0]! : raw.smoke ? normalizeSmoke(raw.smoke) : null,
    ...(probes ? { smokeProbes: probes } : {}),
    ...(raw.minify ? { minify: { keep: raw.minify.keep ?? [] } } : {}),
    // `all` alone means every rule, as an empty include does (checks.ts refuses it beside rule ids).
    rules: { include: (raw.rules?.include ?? []).filter((id) => id !== ALL_VARIANT), exclude: raw.rules?.exclude ?? [], force: raw.rules?.force ?? [] },
    bases: raw.bases ?? [],
    variants: (raw.variants ?? []).map((v) => ({ name: v.name, rules: v.rules })),
    prune: { keep: raw.prune?.keep ?? [] },
    onnx: raw.onnx
      ? { export: raw.onnx.export, artifact: raw.onnx.artifact, runtime: raw.onnx.runtime ?? [...DEFAULTS.onnxRuntime], env: raw.onnx.env ?? {} }
      : null,
    rank: { objective: raw.rank?.weights ? normalizeWeights(raw.rank.weights) : raw.rank?.objective ?? DEFAULTS.objective },
    buildArgs: Object.fromEntries(Object.entries(raw.buildArgs ?? {}).map(([k, v]) => [k, String(v)])),
    secretBuildArgs: [...new Set(raw.secretBuildArgs ?? [])],
    repeat: raw.repeat ?? 1,
    zstd: raw.zstd ?? false,
    builders: (raw.builders ?? []).map((b: string | { name: string; context?: string | null }) => (typeof b === 'string' ? { name: b, context: null } : { name: b.name, context: b.context ?? null })),
  };
}

function normalizeWeights(w: NonNullable<NonNullable<RawConfig['rank']>['weights']>): { weights: Weights } {
  return { weights: { size: w.size ?? 0, compressed: w.compressed ?? 0, build: w.build ?? 0 } };
}

function normalizeSmoke(smoke: RawSmoke): SmokeConfig {
  const timeoutSeconds = smoke.timeoutSeconds ?? DEFAULTS.timeoutSeconds;
  if (smoke.http) {
    const h = smoke.http;
    return {
      kind: 'http',
      port: h.port,
      path: h.path ?? DEFAULTS.path,
      method: (h.method ?? DEFAULTS.method).toUpperCase(),
      body: h.body ?? null,
      expectStatus: h.expectStatus ?? DEFAULTS.expectStatus,
      ...(h.expectBody != null ? { expectBody: h.expectBody } : {}),
      timeoutSeconds,
    };
  }
  // checks.ts guarantees a command when there is no http probe.
  const command = smoke.command ?? [];
  return {
    kind: 'command',
    // A string is a shell command line, as in a Dockerfile's shell form.
    command: typeof command === 'string' ? ['sh', '-c', command] : command,
    expectExitCode: smoke.expectExitCode ?? DEFAULTS.expectExitCode,
    ...(smoke.expectStdout != null ? { expectStdout: smoke.expectStdout } : {}),
    timeoutSeconds,
  };
}
