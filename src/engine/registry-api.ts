// The local registry (127.0.0.1:5000) that compressed-size measurements push to, over its HTTP API. Nothing is pushed
// anywhere else: the compressed size of an image is the sum of its layer blobs as this registry stores them.
import { Readable } from 'node:stream';

export const LOCAL_REGISTRY = '127.0.0.1:5000';

export async function registryAnswers(addr = LOCAL_REGISTRY): Promise<string | null> {
  try {
    const res = await fetch(`http://${addr}/v2/`, { signal: AbortSignal.timeout(2000) });
    return res.ok ? null : `HTTP ${res.status}`;
  } catch (e) {
    return (e as Error).cause instanceof Error ? ((e as Error).cause as Error).message : (e as Error).message;
  }
}

/** `repo` and `config` (the config blob's digest) say where the blobs can be read back (image-layers.ts). */
export interface PushedImage { compressedBytes: number; layers: { digest: string; sizeBytes: number }[]; repo?: string; config?: string }

const MANIFEST_TYPES = [
  'application/vnd.docker.distribution.manifest.v2+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.oci.image.index.v1+json',
].join(', ');

/** Σ layers[].size of a registry manifest (the compressed blobs, config excluded). */
export function compressedSizeOfManifest(manifest: unknown): PushedImage {
  const { layers, config } = manifest as { layers?: { digest: string; size: number }[]; config?: { digest?: string } };
  if (!Array.isArray(layers)) throw new Error('registry manifest has no layers (an index or a schema 1 manifest?)');
  const list = layers.map((l) => ({ digest: l.digest, sizeBytes: l.size }));
  return { compressedBytes: list.reduce((s, l) => s + l.sizeBytes, 0), layers: list, ...(config?.digest ? { config: config.digest } : {}) };
}

/** Reads back `repo:tag` (the image manifest; an index's first image manifest), then deletes the manifest. */
export async function readPushedManifest(repo: string, tag: string, signal?: AbortSignal): Promise<PushedImage> {
  let manifest = await getManifest(repo, tag, signal);
  if (Array.isArray((manifest.body as { manifests?: unknown }).manifests)) {
    const entries = (manifest.body as { manifests: { digest: string; annotations?: Record<string, string> }[] }).manifests;
    const image = entries.find((m) => m.annotations?.['vnd.docker.reference.type'] !== 'attestation-manifest');
    if (!image) throw new Error(`registry index ${repo}:${tag} lists no image manifest`);
    await deleteManifest(repo, manifest.digest);
    manifest = await getManifest(repo, image.digest, signal);
  }
  const result = compressedSizeOfManifest(manifest.body);
  // The manifest is not needed any more; blobs stay, so later pushes of shared layers are instant.
  await deleteManifest(repo, manifest.digest);
  return { ...result, repo };
}

/** A small blob of `repo` (the image config) as text. */
export async function fetchBlobText(repo: string, digest: string, signal?: AbortSignal): Promise<string> {
  const res = await fetch(`http://${LOCAL_REGISTRY}/v2/${repo}/blobs/${digest}`, { signal });
  if (!res.ok) throw new Error(`registry blob ${repo}@${digest}: HTTP ${res.status}`);
  return res.text();
}

/** A blob of `repo` as a stream (a layer as the registry stores it, or the image config). */
export async function fetchBlob(repo: string, digest: string, signal?: AbortSignal): Promise<Readable> {
  const res = await fetch(`http://${LOCAL_REGISTRY}/v2/${repo}/blobs/${digest}`, { signal });
  if (!res.ok || !res.body) throw new Error(`registry blob ${repo}@${digest}: HTTP ${res.status}`);
  return Readable.fromWeb(res.body as import('node:stream/web').ReadableStream);
}

async function getManifest(repo: string, reference: string, signal?: AbortSignal): Promise<{ body: unknown; digest: string | null }> {
  const res = await fetch(`http://${LOCAL_REGISTRY}/v2/${repo}/manifests/${reference}`, { headers: { Accept: MANIFEST_TYPES }, signal });
  if (!res.ok) throw new Error(`registry manifest ${repo}:${reference}: HTTP ${res.status}`);
  return { body: await res.json(), digest: res.headers.get('docker-content-digest') };
}

async function deleteManifest(repo: string, digest: string | null): Promise<void> {
  if (digest) await fetch(`http://${LOCAL_REGISTRY}/v2/${repo}/manifests/${digest}`, { method: 'DELETE' }).catch(() => undefined);
}
