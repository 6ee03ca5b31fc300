// The two image stores side by side: the main (classic) daemon and the containerd-store daemon that
// scripts/engine-containerd-up.sh brings up. An image is built once on the main daemon and copied over
// with `docker save | docker load`, so both stores hold the very same layers.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { root } from './cli.js';

export const CONTAINERD_HOST = 'unix:///var/run/dflab-containerd.sock';

export function containerdStoreUp(): void {
  execFileSync('bash', [join(root, 'scripts/engine-containerd-up.sh')], { stdio: 'inherit' });
}

/** Runs docker against one daemon (null: the main one), whatever DOCKER_HOST the test process has. */
export function dockerOn(host: string | null, args: string[]): string {
  const env = { ...process.env };
  if (host) env['DOCKER_HOST'] = host; else delete env['DOCKER_HOST'];
  return execFileSync('docker', args, { encoding: 'utf8', env, maxBuffer: 64 << 20 }).trim();
}

/** Builds `dockerfile` on the main daemon as `tag` (labelled) and loads the same image into the containerd store. */
export function buildOnBoth(tag: string, runId: string, dockerfile: string): void {
  const dir = mkdtempSync(join(tmpdir(), 'dflab-stores-'));
  writeFileSync(join(dir, 'Dockerfile'), dockerfile);
  dockerOn(null, ['buildx', 'build', '-q', '--load', '--label', `dflab.run=${runId}`, '-t', tag, dir]);
  execFileSync('bash', ['-c', `docker save "$1" | DOCKER_HOST=${CONTAINERD_HOST} docker load -q`, '_', tag], {
    env: { ...process.env, DOCKER_HOST: '' }, stdio: ['ignore', 'ignore', 'inherit'],
  });
}

export function removeFromBoth(tag: string): void {
  for (const host of [null, CONTAINERD_HOST]) {
    try { dockerOn(host, ['rmi', '-f', tag]); } catch { /* already gone */ }
  }
}
