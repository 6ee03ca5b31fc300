// zstd sizes on both image stores, against what the registry and the zstd CLI report independently.
// Containerd store: BuildKit's own zstd export, checked blob by blob (zstd media type, decompresses to the
// layer's diff id). Classic store: the zstd CLI at BuildKit's default level over the layer tars of `docker save`.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_REGISTRY } from '../../src/engine/registry-api.js';
import { root } from '../helpers/cli.js';
import { buildOnBoth, CONTAINERD_HOST, containerdStoreUp, dockerOn, removeFromBoth } from '../helpers/stores.js';

const runId = `itg-zstd-${process.pid}-${Date.now()}`;
const tag = `dflab-itg-zstd:${process.pid}`;
// (The CLI reads stdin in both places: given a file, zstd also writes the content size into the frame header.)
// Random bytes (incompressible), a counted sequence (very compressible) and a file replaced in a later layer.
const dockerfile = `FROM debian:trixie-slim
RUN head -c 2000000 /dev/urandom > /r && seq 1 300000 > /s
RUN head -c 500000 /dev/urandom > /r && rm /s
`;

beforeAll(() => {
  containerdStoreUp();
  buildOnBoth(tag, runId, dockerfile);
});
afterAll(() => removeFromBoth(tag));

/** The built library in a child process pointed at one daemon (engine client and store are per process). */
function zstdSizeOn(host: string | null): { bytes: number; method: string } {
  const script = `import { zstdCompressedSize } from './dist/engine/zstd-size.js';
    const r = await zstdCompressedSize(process.argv[1], 'dflab/itg-zstd', 't${process.pid}', { runId: '${runId}' });
    console.log(JSON.stringify(r));`;
  const env = { ...process.env };
  if (host) env['DOCKER_HOST'] = host; else delete env['DOCKER_HOST'];
  const out = execFileSync('node', ['--input-type=module', '-e', script, tag], { cwd: root, env, encoding: 'utf8' });
  return JSON.parse(out.trim().split('\n').pop()!) as { bytes: number; method: string };
}

async function registryJson(path: string, accept: string): Promise<{ body: unknown; digest: string | null }> {
  const res = await fetch(`http://${LOCAL_REGISTRY}/v2/${path}`, { headers: { Accept: accept } });
  expect(res.status).toBe(200);
  return { body: await res.json(), digest: res.headers.get('docker-content-digest') };
}

describe('zstd sizes', () => {
  it('containerd store: equals the layer blobs of a BuildKit zstd push, each a zstd stream of the image layer', async () => {
    const measured = zstdSizeOn(CONTAINERD_HOST);
    expect(measured.method).toBe('buildkit');

    // An independent push of the same image with zstd, read back from the registry.
    const dir = mkdtempSync(join(tmpdir(), 'dflab-zstd-push-'));
    execFileSync('bash', ['-c', `printf 'FROM %s\\n' "$1" > "$2/Dockerfile"`, '_', tag, dir]);
    const ref = `${LOCAL_REGISTRY}/dflab/itg-zstd-check:${process.pid}`;
    dockerOn(CONTAINERD_HOST, ['buildx', 'build', '-q', '--provenance=false', '--label', `dflab.run=${runId}`,
      '--output', `type=image,name=${ref},push=true,compression=zstd,force-compression=true,oci-mediatypes=true`, dir]);
    dockerOn(CONTAINERD_HOST, ['rmi', ref]);
    const { body } = await registryJson(`dflab/itg-zstd-check/manifests/${process.pid}`, 'application/vnd.oci.image.manifest.v1+json');
    const layers = (body as { layers: { mediaType: string; size: number; digest: string }[] }).layers;
    expect(layers.map((l) => l.mediaType)).toEqual(layers.map(() => 'application/vnd.oci.image.layer.v1.tar+zstd'));
    expect(measured.bytes).toBe(layers.reduce((s, l) => s + l.size, 0));

    // Each blob decompresses to the layer the image lists (its diff id): these are this image's layers.
    const diffIds = JSON.parse(dockerOn(null, ['image', 'inspect', '-f', '{{json .RootFS.Layers}}', tag])) as string[];
    for (const [i, layer] of layers.entries()) {
      const digest = execFileSync('bash', ['-c', `curl -fsS "$1" | zstd -d -c | sha256sum | cut -d' ' -f1`, '_',
        `http://${LOCAL_REGISTRY}/v2/dflab/itg-zstd-check/blobs/${layer.digest}`], { encoding: 'utf8' }).trim();
      expect(`sha256:${digest}`).toBe(diffIds[i]);
    }
  });

  it('classic store: the zstd CLI at level 3 over the layer tars of docker save, within a few percent of BuildKit', () => {
    const measured = zstdSizeOn(null);
    expect(measured.method).toBe('zstd-cli-level-3');
    const dir = mkdtempSync(join(tmpdir(), 'dflab-zstd-save-'));
    execFileSync('bash', ['-c', 'docker save "$1" | tar -x -C "$2"', '_', tag, dir], { env: { ...process.env, DOCKER_HOST: '' } });
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { Layers: string[] }[];
    expect(readdirSync(dir)).toContain('manifest.json');
    const expected = manifest[0]!.Layers.reduce((sum, layer) => sum + Number(execFileSync('bash', ['-c', 'zstd -3 -c -q < "$1" | wc -c', '_', join(dir, layer)], { encoding: 'utf8' }).trim()), 0);
    expect(measured.bytes).toBe(expected);
    // BuildKit's encoder (klauspost/compress) on the same layers: another encoder at the same level.
    const buildkit = zstdSizeOn(CONTAINERD_HOST).bytes;
    expect(Math.abs(measured.bytes - buildkit) / buildkit).toBeLessThan(0.05);
  });
});
