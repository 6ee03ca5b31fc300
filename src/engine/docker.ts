// dockerode for everything but builds: engine info, images, history, cleanup by run label.
import Docker from 'dockerode';
import { RUN_LABEL } from './buildx.js';
import { UserError } from '../errors.js';
import { isImageReference } from './image-ref.js';
import type { EngineInfo, HistoryEntry, ImageInfo } from './types.js';

let client: Docker | undefined;
export function docker(): Docker {
  client ??= new Docker(); // honours DOCKER_HOST, else /var/run/docker.sock
  return client;
}

export async function engineInfo(): Promise<EngineInfo> {
  const [version, info] = await Promise.all([docker().version(), docker().info() as Promise<Record<string, unknown>>]);
  const driverStatus = (info['DriverStatus'] as [string, string][] | undefined) ?? [];
  return {
    docker: version.Version,
    apiVersion: version.ApiVersion,
    storageDriver: String(info['Driver'] ?? 'unknown'),
    containerdStore: driverStatus.some(([k, v]) => k === 'driver-type' && v.includes('containerd')),
  };
}

let containerdStore: Promise<boolean> | undefined;
/** Whether the engine keeps images in containerd (asked once per process): pushes and saves differ. */
export function usesContainerdStore(): Promise<boolean> {
  containerdStore ??= engineInfo().then((e) => e.containerdStore);
  return containerdStore;
}

/** Null when the engine does not answer; the caller turns that into exit code 3. */
export async function pingEngine(): Promise<string | null> {
  try { await docker().ping(); return null; } catch (e) { return e instanceof Error ? e.message : String(e); }
}

/** Null when no local image has that name (a name that cannot be a reference included). */
export async function inspectImage(ref: string): Promise<ImageInfo | null> {
  if (!isImageReference(ref)) return null;
  try {
    const img = await docker().getImage(ref).inspect();
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

export async function imageHistory(ref: string): Promise<HistoryEntry[]> {
  if (!isImageReference(ref)) throw new UserError(`not an image name: ${ref}`, { hint: 'name a local image as name:tag or by its id' });
  const rows = (await docker().getImage(ref).history()) as { CreatedBy: string; Size: number; Comment: string; Id: string }[];
  // The API lists newest first; ours is oldest first, like the Dockerfile.
  return rows.reverse().map((r) => ({
    createdBy: r.CreatedBy,
    sizeBytes: r.Size,
    emptyLayer: r.Size === 0 && !/^(ADD|COPY)|\/bin\/sh -c #\(nop\) (ADD|COPY)/.test(r.CreatedBy),
    comment: r.Comment ?? '',
  }));
}

export async function removeImage(ref: string): Promise<void> {
  try { await docker().getImage(ref).remove({ force: true }); } catch (e) { if (!isNotFound(e)) throw e; }
}

export async function listRunContainers(runId?: string): Promise<string[]> {
  const label = runId ? `${RUN_LABEL}=${runId}` : RUN_LABEL;
  const list = await docker().listContainers({ all: true, filters: { label: [label] } });
  return list.map((c) => c.Id);
}

export async function listRunImages(runId?: string): Promise<{ id: string; tags: string[] }[]> {
  const label = runId ? `${RUN_LABEL}=${runId}` : RUN_LABEL;
  const list = await docker().listImages({ filters: { label: [label] } });
  return list.map((i) => ({ id: i.Id, tags: i.RepoTags ?? [] }));
}

/** Removes every container (and, optionally, image) carrying the run label; returns the counts. */
export async function removeRunObjects(runId: string | undefined, withImages: boolean): Promise<{ containers: number; images: number }> {
  const containers = await listRunContainers(runId);
  await Promise.all(containers.map((id) => docker().getContainer(id).remove({ force: true }).catch(ignoreNotFound)));
  let images = 0;
  if (withImages) {
    for (const img of await listRunImages(runId)) {
      for (const ref of img.tags.length ? img.tags : [img.id]) await removeImage(ref);
      images++;
    }
  }
  return { containers: containers.length, images };
}

export function isNotFound(e: unknown): boolean {
  return typeof e === 'object' && e !== null && (e as { statusCode?: number }).statusCode === 404;
}
function ignoreNotFound(e: unknown): void { if (!isNotFound(e)) throw e; }
