// The Docker engine a builder loads its images into, and how every door to Docker (dockerode, the docker CLI)
// reaches it. `host: null` is the process's own engine (DOCKER_HOST, else /var/run/docker.sock), as before
// several builders existed; any other engine is named by its docker context and reached at that context's host.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type Docker from 'dockerode';

export interface Endpoint {
  /** The docker context's name ("default" for the process's own engine); null for an engine known only by its address. */
  context: string | null;
  /** The engine's address (unix://, tcp://, ssh://); null: the process's own engine. */
  host: string | null;
  /** The context's TLS material folder (ca.pem, cert.pem, key.pem), when it has one. */
  tlsDir?: string;
}

export const OWN_ENGINE: Endpoint = { context: 'default', host: null };

/** A key per engine (clients and per-engine facts are cached by it). */
export function endpointKey(e: Endpoint | undefined): string {
  return e?.host ?? '';
}

/** Environment for a docker CLI call on `e`: nothing for the process's own engine; else its context (DOCKER_HOST
 *  cleared: it would win, and buildx refuses a context's builder under another DOCKER_HOST), or its bare address. */
export function endpointEnv(e: Endpoint | undefined): Record<string, string> | undefined {
  if (!e?.host) return undefined;
  if (e.context) return { DOCKER_CONTEXT: e.context, DOCKER_HOST: '' };
  return { DOCKER_HOST: e.host, DOCKER_CONTEXT: '', ...(e.tlsDir ? { DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: e.tlsDir } : {}) };
}

/** dockerode's connection options for a host address (without TLS files: see clientOptions). */
export function dockerodeOptions(host: string): Docker.DockerOptions {
  if (host.startsWith('unix://')) return { socketPath: host.slice('unix://'.length) };
  const url = new URL(host);
  if (url.protocol === 'ssh:') {
    return { protocol: 'ssh', host: url.hostname, port: url.port || 22, ...(url.username ? { username: url.username } : {}) };
  }
  if (url.protocol !== 'tcp:' && url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(`unsupported Docker host ${host} (expected unix://, tcp:// or ssh://)`);
  }
  return { protocol: url.protocol === 'https:' || url.port === '2376' ? 'https' : 'http', host: url.hostname, port: url.port || 2375 };
}

/** dockerode options for `e`, with its TLS files read (https) when the context has them; read once per engine,
 *  since the client is cached. */
export function clientOptions(e: Endpoint): Docker.DockerOptions {
  const base = dockerodeOptions(e.host ?? '');
  if (!e.tlsDir) return base;
  const [ca, cert, key] = ['ca.pem', 'cert.pem', 'key.pem'].map((f) => readFileSync(join(e.tlsDir!, f)));
  return { ...base, protocol: 'https', ca, cert, key };
}

/** The endpoint of a docker context, from `docker context inspect NAME` (a JSON array of one). */
export function parseContextInspect(text: string): Endpoint {
  const [ctx] = JSON.parse(text) as {
    Name: string; Endpoints?: { docker?: { Host?: string } }; TLSMaterial?: { docker?: string[] }; Storage?: { TLSPath?: string };
  }[];
  const host = ctx?.Endpoints?.docker?.Host;
  if (!ctx || !host) throw new Error('docker context inspect gave no docker endpoint');
  const tls = (ctx.TLSMaterial?.docker?.length ?? 0) > 0 && ctx.Storage?.TLSPath ? join(ctx.Storage.TLSPath, 'docker') : undefined;
  return { context: ctx.Name, host, ...(tls ? { tlsDir: tls } : {}) };
}
