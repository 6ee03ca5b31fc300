import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/index.js';

describe('loadConfig', () => {
  let dir: string;
  beforeEach(async () => { dir = await mkdtemp(join(tmpdir(), 'dflab-config-')); });
  afterEach(async () => { await rm(dir, { recursive: true, force: true }); });

  it('gives the defaults and no file when there is no dflab.yaml', async () => {
    const { config, file } = await loadConfig(dir);
    expect(file).toBeNull();
    expect(config.dockerfile).toBe('Dockerfile');
    expect(config.smoke).toBeNull();
  });

  it('reads dflab.yaml from the directory', async () => {
    await writeFile(join(dir, 'dflab.yaml'), 'smoke: {command: "true"}\n');
    const { config, file } = await loadConfig(dir);
    expect(file).toBe(join(dir, 'dflab.yaml'));
    expect(config.smoke).toMatchObject({ kind: 'command', command: ['sh', '-c', 'true'] });
  });

  it('names the file in errors', async () => {
    await writeFile(join(dir, 'dflab.yaml'), 'rank: {objective: speed}\n');
    await expect(loadConfig(dir)).rejects.toMatchObject({ where: `${join(dir, 'dflab.yaml')}: rank.objective` });
  });
});
