import { describe, expect, it } from 'vitest';
import { isImageReference } from '../../../src/engine/image-ref.js';

describe('image references', () => {
  it('accepts what docker accepts as a name', () => {
    for (const ref of ['python:3.13-slim', 'debian', 'localhost:5000/dflab/check:c1', 'ghcr.io/org/app@sha256:' + 'a'.repeat(64), 'my_img__x:v1.0', `sha256:${'0'.repeat(64)}`, 'abc123def456']) {
      expect(isImageReference(ref), ref).toBe(true);
    }
  });

  it('refuses file paths, which the engine API would turn into a redirect dockerode crashes on', () => {
    for (const ref of ['/tmp/out', './out', '../runs/x', '.dflab/20261202-x', 'out/', 'app/Upper', 'a//b', 'results.json/']) {
      expect(isImageReference(ref), ref).toBe(false);
    }
  });
});
