// dockerode for everything but builds: engine info, images, history, cleanup by run label.
import Docker from 'dockerode';
import { RUN_LABEL } from './buildx.js';
import { UserError } from '../errors.js';
import { clientOptions, endpointKey, type Endpoint } from './endpoint.js';
import { isImageReference } from './image-ref.js';
import type { EngineInfo, HistoryEntry, ImageInfo } from './types.js';

const clients = new Map<string, Docker>();
/** The client for an engine (undefined: the process's own, which honours DOCKER_HOST, else /var/run/docker.sock). */
export function docker(e?: Endpoint): Docker {
  const key = endpointKey(e);
  let client = clients.get(key);
  if (!client) {
    client = e?.host ? new Docker(clientOptions(e)) : new Docker();
    clients.set(key, client);
  }
  return client;
}

export async function engineInfo(e?: Endpoint): Promise<EngineInfo> {
  const [version, info] = await Promise.all([docker(e).version(), docker(e).info() as Promise<Record<string, unknown>>]);
  const driverStatus = (info['DriverStatus'] as [string, string][] | undefined) ?? [];
  return {
    docker: version.Version,
    apiVersion: version.ApiVersion,
    storageDriver: String(info['Driver'] ?? 'unknown'),
    containerdStore: driverStatus.some(([k, v]) => k === 'driver-type' && v.includes('containerd')),
  };
}

const containerdStores = new Map<string, Promise<boolean>>();
/** Whether the engine keeps images in containerd (asked once per process and engine): pushes and saves differ. */
export function usesContainerdStore(e?: Endpoint): Promise<boolean> {
  let known = containerdStores.get(endpointKey(e));
  if (!known) {
    known = engineInfo(e).then((info) => info.containerdStore);
    containerdStores.set(endpointKey(e), known);
  }
  return known;
}

/** Null when the engine does not answer; the caller turns that into exit code 3. */
export async function pingEngine(e?: Endpoint): Promise<string | null> {
  try { await docker(e).ping(); return null; } catch (err) { return err instanceof Error ? err.message : String(err); }
}

/** Null when no local image has that name (a name that cannot be a reference included). */
export async function inspectImage(ref: string, e?: Endpoint): Promise<ImageInfo | null> {
  if (!isImageReference(ref)) return null;
  try {
    const img = await docker(e).getImage(ref).inspect();
    return { id: img.Id, sizeBytes: img.Size, labels: img.Config?.Labels ?? {}, layers: img.RootFS?.Layers ?? [] };
  } catch (e) {
    if (isNotFound(e)) return null;
    throw e;
  }
}

/**
 * Null when the engine could pull `ref` (its registry answers with a manifest, asked without pulling: the
 * distribution endpoint), else the registry's or resolver's reason, its innermost part.
 */
export async function pullableWhyNot(ref: string): Promise<string | null> {
  try {
    await docker().getImage(ref).distribution();
    return null;
  } catch (e) {
    const message = (e as { json?: { message?: string } }).json?.message ?? (e instanceof Error ? e.message : String(e));
    return message.split(': ').pop()?.trim() || message;
  }
}

export async function imageHistory(ref: string, e?: Endpoint): Promise<HistoryEntry[]> {
  if (!isImageReference(ref)) throw new UserError(`not an image name: ${ref}`, { hint: 'name a local image as name:tag or by its id' });
  const rows = (await docker(e).getImage(ref).history()) as { CreatedBy: string; Size: number; Comment: string; Id: string }[];
  // The API lists newest first; ours is oldest first, like the Dockerfile.
  return rows.reverse().map((r) => ({
    createdBy: r.CreatedBy,
    sizeBytes: r.Size,
    emptyLayer: r.Size === 0 && !/^(ADD|COPY)|\/bin\/sh -c #\(nop\) (ADD|COPY)/.test(r.CreatedBy),
    comment: r.Comment ?? '',
  }));
}

export async function removeImage(ref: string, e?: Endpoint): Promise<void> {
  try { await docker(e).getImage(ref).remove({ force: true }); } catch (err) { if (!isNotFound(err)) throw err; }
}

export async function listRunContainers(runId?: string, e?: Endpoint): Promise<string[]> {
  const label = runId ? `${RUN_LABEL}=${runId}` : RUN_LABEL;
  const list = await docker(e).listContainers({ all: true, filters: { label: [label] } });
  return list.map((c) => c.Id);
}

export async function listRunImages(runId?: string, e?: Endpoint): Promise<{ id: string; tags: string[] }[]> {
  const label = runId ? `${RUN_LABEL}=${runId}` : RUN_LABEL;
  const list = await docker(e).listImages({ filters: { label: [label] } });
  return list.map((i) => ({ id: i.Id, tags: i.RepoTags ?? [] }));
}

/** Removes every container (and, optionally, image) carrying the run label on one engine; returns the counts. */
export async function removeRunObjects(runId: string | undefined, withImages: boolean, e?: Endpoint): Promise<{ containers: number; images: number }> {
  const containers = await listRunContainers(runId, e);
  await Promise.all(containers.map((id) => docker(e).getContainer(id).remove({ force: true }).catch(ignoreNotFound)));
  // The minify tracer's hold volumes (engine/trace.ts), left only when a run was killed mid-trace.
  const label = runId ? `${RUN_LABEL}=${runId}` : RUN_LABEL;
  const volumes = (await docker(e).listVolumes({ filters: { label: [label] } })).Volumes ?? [];
  await Promise.all(volumes.map((v) => docker(e).getVolume(v.Name).remove().catch(ignoreNotFound)));
  let images = 0;
  if (withImages) {
    for (const img of await listRunImages(runId, e)) {
      for (const ref of img.tags.length ? img.tags : [img.id]) await removeImage(ref, e);
      images++;
    }
  }
  return { containers: containers.length, images };
}

export function isNotFound(e: unknown): boolean {
  return typeof e === 'object' && e !== null && (e as { statusCode?: number }).statusCode === 404;
}
function ignoreNotFound(e: unknown): void { if (!isNotFound(e)) throw e; }
