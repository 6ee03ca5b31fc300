import { describe, expect, it } from 'vitest';
import { compressedSizeOfManifest } from '../../../src/engine/registry.js';

describe('compressed size from a registry manifest', () => {
  it('sums the layer blobs, not the config (manifest captured from docker-registry 2.8)', () => {
    const manifest = {
      schemaVersion: 2,
      mediaType: 'application/vnd.docker.distribution.manifest.v2+json',
      config: { mediaType: 'application/vnd.docker.container.image.v1+json', size: 876, digest: 'sha256:4047' },
      layers: [
        { mediaType: 'application/vnd.docker.image.rootfs.diff.tar.gzip', size: 41469850, digest: 'sha256:dedb' },
        { mediaType: 'application/vnd.docker.image.rootfs.diff.tar.gzip', size: 136, digest: 'sha256:1e0a' },
        { mediaType: 'application/vnd.docker.image.rootfs.diff.tar.gzip', size: 101, digest: 'sha256:c3b6' },
      ],
    };
    expect(compressedSizeOfManifest(manifest).compressedBytes).toBe(41469850 + 136 + 101);
    // The config blob's digest: where image-layers.ts reads the empty_layer flags back from.
    expect(compressedSizeOfManifest(manifest).config).toBe('sha256:4047');
  });

  it('refuses a manifest list', () => {
    expect(() => compressedSizeOfManifest({ schemaVersion: 2, manifests: [] })).toThrow(/no layers/);
  });
});
