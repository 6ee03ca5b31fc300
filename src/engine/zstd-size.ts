// The zstd size of an image's layers, as BuildKit would store them with `compression=zstd` at its default
// level. Containerd store: measured by BuildKit itself (buildkit-push.ts). Classic store (no zstd export
// there): the zstd CLI at level 3 over the same layer tars. BuildKit's default is klauspost/compress's
// SpeedDefault, which its authors match to zstd level 3, but it is another encoder: its bytes differ from
// libzstd's by a few percent (README, "zstd sizes").
import { posix } from 'node:path';
import type { Readable } from 'node:stream';
import * as tar from 'tar-stream';
import { pushWithBuildKit } from './buildkit-push.js';
import { docker, usesContainerdStore } from './docker.js';
import type { Endpoint } from './endpoint.js';
import { execCountingStdout } from './exec.js';
import { layerPaths, normalizeTarPath } from './layer-contents.js';

/** How a zstd size was had: BuildKit's own zstd export, or the zstd CLI at BuildKit's default level. */
export type ZstdMethod = 'buildkit' | 'zstd-cli-level-3';
export interface ZstdSize { bytes: number; method: ZstdMethod }

export async function zstdCompressedSize(
  image: string, repo: string, tag: string, opts: { runId: string; builder?: string; signal?: AbortSignal; endpoint?: Endpoint },
): Promise<ZstdSize> {
  if (await usesContainerdStore(opts.endpoint)) return { bytes: (await pushWithBuildKit(image, repo, tag, 'zstd', opts)).compressedBytes, method: 'buildkit' };
  return { bytes: await zstdCliSize(image, opts.signal, opts.endpoint), method: 'zstd-cli-level-3' };
}

/** Σ over the image's layers of `zstd -3` of each layer tar, streamed from `docker save` (classic store:
 *  its save holds the uncompressed tars whose digests are the diff ids BuildKit would compress). */
export async function zstdCliSize(image: string, signal?: AbortSignal, e?: Endpoint): Promise<number> {
  const inspected = await docker(e).getImage(image).inspect();
  const diffIds = inspected.RootFS?.Layers ?? [];
  const stream = (await docker(e).getImage(inspected.Id).get()) as Readable;
  const sizes = new Map<string, number>();
  const links = new Map<string, string>();
  let manifest: string | null = null;
  const outer = tar.extract();
  outer.on('entry', (header, body, done) => {
    const name = normalizeTarPath(header.name);
    // Once only: an entry can fail twice (the pipe's EPIPE, then zstd's exit) and tar-stream's done must not repeat.
    let settled = false;
    const finish = (e?: Error) => { if (!settled) { settled = true; done(e); } };
    const fail = (e: unknown) => finish(e instanceof Error ? e : new Error(String(e)));
    if (header.type === 'symlink' && name.endsWith('/layer.tar')) {
      links.set(name, posix.join(posix.dirname(name), header.linkname ?? ''));
    } else if (header.type === 'file' && isLayer(name, diffIds)) {
      // One handler for both outcomes: a throw inside a then's success callback would escape its own error
      // callback and become an unhandled rejection (an internal error, exit 70) instead of a measurement failure.
      // When zstd stops reading (cancelled, or gone), the pipe destroys the entry with EPIPE: heard here, not fatal.
      body.on('error', fail);
      execCountingStdout('zstd', ['-3', '-c', '-q'], body, signal).then((r) => {
        if (signal?.aborted) return fail(signal.reason ?? new Error('cancelled'));
        if (r.exitCode !== 0) return fail(new Error(`zstd failed (exit ${r.exitCode}): ${r.stderr.trim() || 'is the zstd CLI installed?'}`));
        sizes.set(name, r.bytes);
        finish();
      }).catch(fail);
      return;
    } else if (header.type === 'file' && name === 'manifest.json') {
      const chunks: Buffer[] = [];
      body.on('data', (c) => { chunks.push(c as Buffer); });
      body.on('end', () => { manifest = Buffer.concat(chunks).toString('utf8'); done(); });
      body.on('error', fail);
      return;
    }
    body.on('end', () => done());
    body.resume();
  });
  await new Promise<void>((resolve, reject) => {
    stream.on('error', reject);
    outer.on('error', (e) => { stream.destroy(e); reject(e); });
    outer.on('finish', resolve);
    stream.pipe(outer);
  });
  return layerPaths(manifest, diffIds).reduce((sum, path) => {
    const bytes = sizes.get(links.get(path) ?? path);
    if (bytes === undefined) throw new Error(`layer ${path} is missing from the docker save stream`);
    return sum + bytes;
  }, 0);
}

function isLayer(name: string, diffIds: readonly string[]): boolean {
  const blob = /^blobs\/sha256\/([0-9a-f]{64})$/.exec(name);
  return blob ? diffIds.includes(`sha256:${blob[1]}`) : name.endsWith('/layer.tar');
}
