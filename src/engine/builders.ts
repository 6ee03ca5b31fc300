// Several buildx builders, each paired with the engine it loads its images into (where the variant is then
// measured and smoke-tested). buildx builders and docker contexts are the units: nothing here distributes work
// itself. A docker-driver builder is its docker context's engine; a docker-container builder runs on (and loads
// into) its node's context; a remote or kubernetes builder loads into the docker context the CLI talks to, so it
// is paired with the context dflab.yaml names (`builders: [{name, context}]`), else the process's own engine.
import { EXIT, UserError } from '../errors.js';
import { parseBuildxInspect } from './buildx.js';
import { OWN_ENGINE, parseContextInspect, type Endpoint } from './endpoint.js';
import { exec } from './exec.js';

/** A builder as asked for: its name (null: buildx's current one) and, optionally, the context it loads into. */
export interface BuilderSpec { name: string | null; context: string | null }

/** A builder resolved: its name and driver, and the engine its images are loaded into. */
export interface BuilderTarget { name: string; driver: string; endpoint: Endpoint }

/** The first node's endpoint in `docker buildx inspect` text (a context name, or an address such as tcp://…). */
export function parseNodeEndpoint(text: string): string | null {
  const nodes = text.split(/^Nodes:\s*$/m)[1] ?? '';
  return /^Endpoint:\s*(.+)$/m.exec(nodes)?.[1]?.trim() ?? null;
}

export type Pairing = { kind: 'context'; context: string } | { kind: 'host'; host: string } | { kind: 'own' } | { kind: 'mismatch'; message: string };

/** Which engine a builder's `--load` lands in (pure: the inspected builder and what dflab.yaml says). */
export function pairBuilder(spec: BuilderSpec, builder: string, driver: string, node: string | null): Pairing {
  const byNode = driver === 'docker' || driver === 'docker-container';
  if (spec.context !== null) {
    if (driver === 'docker' && node !== null && node !== spec.context) {
      return { kind: 'mismatch', message: `builder ${builder} (docker driver) loads into context ${node}, not ${spec.context}` };
    }
    return spec.context === 'default' ? { kind: 'own' } : { kind: 'context', context: spec.context };
  }
  if (!byNode || node === null || node === 'default') return { kind: 'own' };
  return node.includes('://') ? { kind: 'host', host: node } : { kind: 'context', context: node };
}

/** Resolves each spec with `docker buildx inspect` and `docker context inspect`; a builder or context that does
 *  not exist is a user error (exit 3, as an engine that does not answer). */
export async function resolveBuilders(specs: readonly BuilderSpec[]): Promise<BuilderTarget[]> {
  const targets: BuilderTarget[] = [];
  for (const spec of specs) {
    const inspect = await exec('docker', ['buildx', 'inspect', ...(spec.name ? [spec.name] : [])]);
    if (inspect.exitCode !== 0) throw unusable(`builder ${spec.name ?? '(current)'} not found: ${firstLine(inspect.stderr || inspect.spawnError || '')}`);
    const { builder, driver } = parseBuildxInspect(inspect.stdout);
    const pairing = pairBuilder(spec, builder, driver, parseNodeEndpoint(inspect.stdout));
    const endpoint = await endpointOf(pairing, builder);
    if (targets.some((t) => t.name === builder)) throw new UserError(`builder ${builder} is named twice`, { hint: 'name each builder once in --builder / builders:' });
    targets.push({ name: builder, driver, endpoint });
  }
  return targets;
}

async function endpointOf(pairing: Pairing, builder: string): Promise<Endpoint> {
  switch (pairing.kind) {
    case 'own': return OWN_ENGINE;
    case 'host': return { context: null, host: pairing.host };
    case 'mismatch': throw new UserError(pairing.message, { hint: 'drop `context:` for a docker-driver builder: it always loads into its own engine' });
    case 'context': {
      const ctx = await exec('docker', ['context', 'inspect', pairing.context]);
      if (ctx.exitCode !== 0) throw unusable(`docker context ${pairing.context} (for builder ${builder}) not found: ${firstLine(ctx.stderr)}`);
      return parseContextInspect(ctx.stdout);
    }
  }
}

/** The engine every builder's endpoint answers on; the first that does not is named (exit 3). */
export async function requireEngines(targets: readonly BuilderTarget[], ping: (e: Endpoint) => Promise<string | null>): Promise<void> {
  for (const t of targets) {
    const down = await ping(t.endpoint);
    if (down) throw unusable(`the Docker engine of builder ${t.name} (${t.endpoint.host ?? 'the default engine'}) does not answer (${down})`);
  }
}

/** The engines the targets load into, each once. */
export function distinctEndpoints(targets: readonly BuilderTarget[]): Endpoint[] {
  const seen = new Map<string, Endpoint>();
  for (const t of targets) seen.set(t.endpoint.host ?? '', t.endpoint);
  return [...seen.values()];
}

function unusable(message: string): UserError {
  return new UserError(message, { exitCode: EXIT.engine, hint: 'see `docker buildx ls` and `docker context ls`; for the lab\'s second engine run `bash scripts/engine-second-up.sh`' });
}

function firstLine(text: string): string {
  return text.trim().split('\n')[0] ?? '';
}
