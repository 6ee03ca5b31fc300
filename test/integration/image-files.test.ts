// A candidate base's dpkg files read from a created (never started) container: the final filesystem, so the
// non-slim stand-in's deleted docker-slim config is gone; an image with no shell is read the same way; a missing
// path is no error; nothing is left behind.
import { describe, expect, it } from 'vitest';
import { listRunContainers } from '../../src/engine/docker.js';
import { readImageFiles } from '../../src/engine/image-files.js';
import { dpkgPathFilters, installedDebNames } from '../../src/measure/attribution/index.js';

const DPKG = ['/var/lib/dpkg/status', '/var/lib/dpkg/status.d', '/etc/dpkg/dpkg.cfg.d', '/no/such/path'];
const read = async (image: string, runId: string) => [{ contents: await readImageFiles(image, DPKG, runId) }];

describe('readImageFiles', () => {
  it("reads the slim base's dpkg status and path-exclude lines", async () => {
    const runId = `files-${Date.now()}`;
    const slim = await read('debian:trixie-slim', runId);
    expect(slim[0]!.contents.has('var/lib/dpkg/status')).toBe(true);
    expect(installedDebNames(slim)).toContain('libc6');
    expect(dpkgPathFilters(slim[0]!.contents)).toContainEqual({ include: false, glob: '/usr/share/doc/*' });
    expect(await listRunContainers(runId)).toEqual([]);
  });

  it('sees the final filesystem: the non-slim stand-in deleted the slim config', async () => {
    const full = await read('debian:trixie', `files-${Date.now()}`);
    expect(installedDebNames(full)).toContain('tzdata');
    expect(dpkgPathFilters(full[0]!.contents)).toEqual([]);
  });

  it('reads an image with no shell without running anything (the distroless stand-in: dpkg -x, so no database)', async () => {
    const runId = `files-${Date.now()}`;
    const distroless = await read('gcr.io/distroless/python3-debian13', runId);
    expect([...distroless[0]!.contents.keys()]).toEqual([]);
    expect(await listRunContainers(runId)).toEqual([]);
  });
});
