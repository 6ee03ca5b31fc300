// The zstd size of an image's layers, as BuildKit would store them with `compression=zstd` at its default
// level. Containerd store: measured by BuildKit itself (buildkit-push.ts). Classic store (no zstd export
// there): the zstd CLI at level 3 over the same layer tars (zstd-cli.ts), in the one `docker save` pass that
// also reads the layers' files (image-layers.ts), each layer compressed once per machine. BuildKit's default is
// klauspost/compress's SpeedDefault, which its authors match to zstd level 3, but it is another encoder: its
// bytes differ from libzstd's by a few percent (README, "zstd sizes").
import { pushWithBuildKit } from './buildkit-push.js';
import { usesContainerdStore } from './docker.js';
import { readImageLayers } from './image-layers.js';
import type { LayerCache } from './layer-cache.js';
import type { Endpoint } from './endpoint.js';

/** How a zstd size was had: BuildKit's own zstd export, or the zstd CLI at BuildKit's default level. */
export type ZstdMethod = 'buildkit' | 'zstd-cli-level-3';
export interface ZstdSize { bytes: number; method: ZstdMethod }

/** Whether this engine's zstd size comes from the layer scan (classic store) rather than from a BuildKit export. */
export async function zstdFromLayerScan(e?: Endpoint): Promise<boolean> {
  return !(await usesContainerdStore(e));
}

export async function zstdCompressedSize(
  image: string, repo: string, tag: string, opts: { runId: string; builder?: string; signal?: AbortSignal; cache?: LayerCache; endpoint?: Endpoint },
): Promise<ZstdSize> {
  if (await usesContainerdStore(opts.endpoint)) return { bytes: (await pushWithBuildKit(image, repo, tag, 'zstd', opts)).compressedBytes, method: 'buildkit' };
  const { zstd } = await readImageLayers(image, { zstd: true, signal: opts.signal, cache: opts.cache, endpoint: opts.endpoint });
  if (!zstd || 'error' in zstd) throw new Error(zstd?.error ?? 'zstd not measured');
  return { bytes: zstd.bytes, method: 'zstd-cli-level-3' };
}
