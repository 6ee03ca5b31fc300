// BuildKit re-exports an image (`FROM image`, nothing added) to the local registry with every layer
// compressed anew (`compression=gzip|zstd,force-compression=true`): the layers exactly as BuildKit would
// store them. Needs the containerd image store: the classic store's BuildKit exporter hands pushes to the
// daemon, which always gzips, and refuses OCI exports.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RUN_LABEL } from './buildx.js';
import { endpointEnv, type Endpoint } from './endpoint.js';
import { exec } from './exec.js';
import { LOCAL_REGISTRY, readPushedManifest, type PushedImage } from './registry-api.js';

export type Compression = 'gzip' | 'zstd';

export interface ExportPush { ref: string; compression: Compression; runId: string; dockerfile: string; contextDir: string; builder?: string }

/** The buildx command line that re-exports an image to the registry with every layer compressed anew. */
export function buildkitPushArgs(p: ExportPush): string[] {
  const output = [`type=image`, `name=${p.ref}`, 'push=true', `compression=${p.compression}`, 'force-compression=true'];
  if (p.compression === 'zstd') output.push('oci-mediatypes=true'); // zstd layers exist only as OCI media types
  return [
    'buildx', 'build', ...(p.builder ? ['--builder', p.builder] : []),
    '--provenance=false', '--progress=plain', '--label', `${RUN_LABEL}=${p.runId}`,
    '-f', p.dockerfile, '--output', output.join(','), p.contextDir,
  ];
}

/** Pushes `image` through BuildKit with the given compression; the local image it leaves is removed. */
export async function pushWithBuildKit(
  image: string, repo: string, tag: string, compression: Compression, opts: { runId: string; builder?: string; signal?: AbortSignal; endpoint?: Endpoint },
): Promise<PushedImage> {
  const dir = await mkdtemp(join(tmpdir(), 'dflab-export-'));
  const ref = `${LOCAL_REGISTRY}/${repo}:${tag}`;
  try {
    const dockerfile = join(dir, 'Dockerfile');
    await writeFile(dockerfile, `FROM ${image}\n`);
    const pushed = await exec('docker', buildkitPushArgs({ ref, compression, dockerfile, contextDir: dir, runId: opts.runId, builder: opts.builder }), { signal: opts.signal, env: endpointEnv(opts.endpoint) });
    if (pushed.exitCode !== 0) {
      const tail = pushed.stderr.trim().split('\n').slice(-3).join(' ');
      throw new Error(`BuildKit ${compression} export to the local registry failed: ${pushed.spawnError ?? tail}`);
    }
    return await readPushedManifest(repo, tag, opts.signal);
  } finally {
    await exec('docker', ['rmi', ref], { env: endpointEnv(opts.endpoint) });
    await rm(dir, { recursive: true, force: true });
  }
}

