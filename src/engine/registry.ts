// Compressed size as pushed to the local registry (registry-api.ts reads it back).
import { pushWithBuildKit } from './buildkit-push.js';
import { usesContainerdStore } from './docker.js';
import { endpointEnv, type Endpoint } from './endpoint.js';
import { exec } from './exec.js';
import { LOCAL_REGISTRY, readPushedManifest, type PushedImage } from './registry-api.js';

export { LOCAL_REGISTRY, compressedSizeOfManifest, registryAnswers, type PushedImage } from './registry-api.js';

export interface PushOptions { runId?: string; builder?: string; signal?: AbortSignal; endpoint?: Endpoint }

/** The gzip size as pushed. Classic store: `docker push` (the daemon gzips each layer). Containerd store:
 *  `docker push` sends the blobs as stored, which for a `docker load`ed image are uncompressed tars, so
 *  BuildKit re-exports with forced gzip instead (same bytes as the classic push: README, "image stores"). */
export async function pushForCompressedSize(image: string, repo: string, tag: string, signal?: AbortSignal, opts: PushOptions = {}): Promise<PushedImage> {
  if (await usesContainerdStore(opts.endpoint)) {
    return pushWithBuildKit(image, repo, tag, 'gzip', { runId: opts.runId ?? 'measure', builder: opts.builder, signal, endpoint: opts.endpoint });
  }
  const ref = `${LOCAL_REGISTRY}/${repo}:${tag}`;
  const env = endpointEnv(opts.endpoint);
  const tagged = await exec('docker', ['tag', image, ref], { signal, env });
  if (tagged.exitCode !== 0) throw new Error(`docker tag failed: ${tagged.stderr.trim()}`);
  try {
    const pushed = await exec('docker', ['push', '-q', ref], { signal, env });
    if (pushed.exitCode !== 0) throw new Error(`push to the local registry failed: ${pushed.stderr.trim() || pushed.stdout.trim()}`);
    return await readPushedManifest(repo, tag, signal);
  } finally {
    await exec('docker', ['rmi', ref], { env });
  }
}

