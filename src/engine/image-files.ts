// A few small files of an image's final filesystem, read without saving the image: a container is created (never
// started, labelled with the run), each path is fetched as the tar `docker cp` would give, and the container is
// removed. A candidate base's dpkg database and configuration cost a few engine calls this way, where `docker save`
// of an image no run has read yet streams every layer of it.
import * as tar from 'tar-stream';
import { RUN_LABEL } from './buildx.js';
import { docker } from './docker.js';
import type { Endpoint } from './endpoint.js';
import { normalizeTarPath } from './layer-contents.js';
import { drain, pipeInto, readHead, settle } from './tar-io.js';

/** The regular files at or below `paths` (absolute), by path relative to / → their first `limit` bytes as UTF-8; a path the image lacks is left out. */
export async function readImageFiles(image: string, paths: readonly string[], runId: string, limit = 64 << 20, endpoint?: Endpoint): Promise<Map<string, string>> {
  const engine = docker(endpoint);
  // No command runs: an image without a shell (distroless) or without a default command is read the same way.
  const container = await engine.createContainer({ Image: image, Entrypoint: ['/nonexistent'], Cmd: [], Labels: { [RUN_LABEL]: runId }, NetworkDisabled: true });
  const out = new Map<string, string>();
  try {
    for (const path of paths) {
      let archive: NodeJS.ReadableStream;
      try {
        archive = await container.getArchive({ path });
      } catch (e) {
        if ((e as { statusCode?: number }).statusCode === 404) continue;
        throw e;
      }
      await untar(archive, parentOf(path), out, limit);
    }
  } finally {
    await container.remove({ force: true }).catch(() => undefined);
  }
  return out;
}

/** The archive names entries from the path's own name (`status.d/x` for /var/lib/dpkg/status.d): prefix its parent. */
function parentOf(path: string): string {
  const p = normalizeTarPath(path);
  const slash = p.lastIndexOf('/');
  return slash < 0 ? '' : p.slice(0, slash);
}

async function untar(archive: NodeJS.ReadableStream, parent: string, out: Map<string, string>, limit: number): Promise<void> {
  const extract = tar.extract();
  extract.on('entry', (header, body, next) => {
    const [ok, fail] = settle(next);
    if (header.type !== 'file') { drain(body, (err) => (err ? fail(err) : ok())); return; }
    const name = normalizeTarPath(parent ? `${parent}/${header.name}` : header.name);
    readHead(body, limit).then((text) => { out.set(name, text); ok(); }, fail);
  });
  await pipeInto(archive as unknown as Parameters<typeof pipeInto>[0], extract);
}
