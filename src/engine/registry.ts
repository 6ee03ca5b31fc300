// The local registry (127.0.0.1:5000) that compressed-size measurements push to. Nothing is pushed
// anywhere else: the compressed size of an image is the sum of its layer blobs as this registry stores them.
import { exec } from './exec.js';

export const LOCAL_REGISTRY = '127.0.0.1:5000';

export async function registryAnswers(addr = LOCAL_REGISTRY): Promise<string | null> {
  try {
    const res = await fetch(`http://${addr}/v2/`, { signal: AbortSignal.timeout(2000) });
    return res.ok ? null : `HTTP ${res.status}`;
  } catch (e) {
    return (e as Error).cause instanceof Error ? ((e as Error).cause as Error).message : (e as Error).message;
  }
}

export interface PushedImage { compressedBytes: number; layers: { digest: string; sizeBytes: number }[] }

const MANIFEST_TYPES = [
  'application/vnd.docker.distribution.manifest.v2+json',
  'application/vnd.oci.image.manifest.v1+json',
].join(', ');

/** Σ layers[].size of a registry manifest (the compressed blobs, config excluded). */
export function compressedSizeOfManifest(manifest: unknown): PushedImage {
  const layers = (manifest as { layers?: { digest: string; size: number }[] }).layers;
  if (!Array.isArray(layers)) throw new Error('registry manifest has no layers (an index or a schema 1 manifest?)');
  const list = layers.map((l) => ({ digest: l.digest, sizeBytes: l.size }));
  return { compressedBytes: list.reduce((s, l) => s + l.sizeBytes, 0), layers: list };
}

/** Pushes `image` to the local registry as `repo:tag`, reads back the manifest, then drops the local alias. */
export async function pushForCompressedSize(image: string, repo: string, tag: string, signal?: AbortSignal): Promise<PushedImage> {
  const ref = `${LOCAL_REGISTRY}/${repo}:${tag}`;
  const tagged = await exec('docker', ['tag', image, ref], { signal });
  if (tagged.exitCode !== 0) throw new Error(`docker tag failed: ${tagged.stderr.trim()}`);
  try {
    const pushed = await exec('docker', ['push', '-q', ref], { signal });
    if (pushed.exitCode !== 0) throw new Error(`push to the local registry failed: ${pushed.stderr.trim() || pushed.stdout.trim()}`);
    const res = await fetch(`http://${LOCAL_REGISTRY}/v2/${repo}/manifests/${tag}`, { headers: { Accept: MANIFEST_TYPES }, signal });
    if (!res.ok) throw new Error(`registry manifest ${repo}:${tag}: HTTP ${res.status}`);
    const result = compressedSizeOfManifest(await res.json());
    // The manifest is not needed any more; blobs stay, so later pushes of shared layers are instant.
    const digest = res.headers.get('docker-content-digest');
    if (digest) await fetch(`http://${LOCAL_REGISTRY}/v2/${repo}/manifests/${digest}`, { method: 'DELETE' }).catch(() => undefined);
    return result;
  } finally {
    await exec('docker', ['rmi', ref]);
  }
}
