import { describe, expect, it } from 'vitest';
import { buildkitPushArgs } from '../../../src/engine/buildkit-push.js';

describe('buildkitPushArgs', () => {
  const base = { ref: '127.0.0.1:5000/dflab/r:t', runId: 'run1', dockerfile: '/tmp/x/Dockerfile', contextDir: '/tmp/x' };
  it('re-exports with forced zstd as OCI media types, labelled, without a provenance index', () => {
    const args = buildkitPushArgs({ ...base, compression: 'zstd' });
    expect(args.slice(0, 2)).toEqual(['buildx', 'build']);
    expect(args).toContain('--provenance=false');
    expect(args[args.indexOf('--label') + 1]).toBe('dflab.run=run1');
    expect(args[args.indexOf('--output') + 1]).toBe('type=image,name=127.0.0.1:5000/dflab/r:t,push=true,compression=zstd,force-compression=true,oci-mediatypes=true');
    expect(args.at(-1)).toBe('/tmp/x');
  });
  it('forces gzip with the default media types, on the builder asked for', () => {
    const args = buildkitPushArgs({ ...base, compression: 'gzip', builder: 'dflab-containerd' });
    expect(args.slice(0, 4)).toEqual(['buildx', 'build', '--builder', 'dflab-containerd']);
    expect(args[args.indexOf('--output') + 1]).toBe('type=image,name=127.0.0.1:5000/dflab/r:t,push=true,compression=gzip,force-compression=true');
  });
});
