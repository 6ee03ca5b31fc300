// `dflab analyze` and `dflab check` on real images: dive's numbers beside reclaimable bytes.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ImageDiffReport } from '../../src/cli/diff.js';
import type { Analysis } from '../../src/measure/analysis.js';
import { docker, imagesWithLabel } from '../helpers/engine.js';

const root = resolve(import.meta.dirname, '../..');
const runId = `e2e-analyze-${process.pid}-${Date.now()}`;
const MB20 = 20 * 1024 * 1024;

function dflab(args: string[]) {
  return spawnSync('node', [join(root, 'dist/cli/main.js'), ...args], { encoding: 'utf8', timeout: 10 * 60_000 });
}

function build(name: string, runs: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'dflab-waste-'));
  writeFileSync(join(dir, 'Dockerfile'), `FROM debian:trixie-slim\n${runs.map((r) => `RUN ${r}`).join('\n')}\n`);
  const tag = `dflab-e2e-waste:${runId}-${name}`;
  docker(['buildx', 'build', '--quiet', '--load', '--label', `dflab.run=${runId}`, '-t', tag, dir]);
  return tag;
}

function analyze(tag: string): Analysis {
  const res = dflab(['analyze', tag, '--base', 'debian:trixie-slim', '--json']);
  expect(res.status, res.stderr).toBe(0);
  return JSON.parse(res.stdout) as Analysis;
}

afterAll(() => {
  for (const id of imagesWithLabel(`dflab.run=${runId}`)) docker(['rmi', '-f', id]);
});

// Everything is relative to the same work done in one RUN, so base-image files don't matter.
describe('wasted and reclaimable space', () => {
  const write = `head -c ${MB20} /dev/urandom > /blob`;
  const single = analyze(build('single', [`${write} && rm /blob && mkdir /d && head -c ${MB20} /dev/urandom > /d/f && rm -rf /d`]));

  it('the same work in one RUN wastes nothing', () => {
    expect(single.reclaimableBytes).toBeLessThan(1024 * 1024);
    expect(single.wasted.some((w) => w.path === '/blob')).toBe(false);
  });

  it('a 20 MB file written then deleted in the next RUN: dive says 20 MB wasted, 20 MB reclaimable', () => {
    const a = analyze(build('delete', [write, 'rm /blob']));
    expect(a.wastedBytes - single.wastedBytes).toBe(MB20);
    expect(a.efficiency).toBeLessThan(1);
    expect(a.reclaimableBytes - single.reclaimableBytes).toBeGreaterThanOrEqual(MB20);
    expect(a.reclaimableBytes - single.reclaimableBytes).toBeLessThan(MB20 + 1024 * 1024);
    const blob = a.wasted.find((w) => w.path === '/blob');
    expect(blob).toMatchObject({ wastedBytes: MB20, createdIn: 1, removedIn: 2 });
    expect(blob?.advice).toContain('delete it in the RUN that creates it');
  });

  it('a 20 MB file rewritten: dive counts 40 MB wasted, only 20 MB is reclaimable', () => {
    const a = analyze(build('rewrite', [write, write]));
    expect(a.wastedBytes - single.wastedBytes).toBe(2 * MB20);
    expect(a.reclaimableBytes - single.reclaimableBytes).toBeGreaterThanOrEqual(MB20);
    expect(a.reclaimableBytes - single.reclaimableBytes).toBeLessThan(MB20 + 1024 * 1024);
  });

  it('a 20 MB directory deleted in a later RUN is ~20 MB reclaimable', () => {
    const a = analyze(build('dir', [`mkdir /d && for i in 1 2 3 4; do head -c ${MB20 / 4} /dev/urandom > /d/f$i; done`, 'rm -rf /d']));
    expect(a.reclaimableBytes - single.reclaimableBytes).toBeGreaterThanOrEqual(MB20);
    expect(a.reclaimableBytes - single.reclaimableBytes).toBeLessThan(MB20 + 1024 * 1024);
    expect(a.layers.at(-1)?.createdBy).toContain('rm -rf /d');
  });

  it('check gates on thresholds with one line per violation and exit 1', () => {
    const tag = `dflab-e2e-waste:${runId}-rewrite`;
    const pass = dflab(['check', tag, '--max-size', '10GB', '--min-efficiency', '0.1']);
    expect(pass.status, pass.stdout + pass.stderr).toBe(0);
    const fail = dflab(['check', tag, '--max-size', '1MB', '--max-wasted', '1MB', '--base', 'debian:trixie-slim']);
    expect(fail.status).toBe(1);
    expect(fail.stdout.trim().split('\n')).toHaveLength(2);
    expect(fail.stdout).toMatch(/size .* exceeds 1 MB/);
    const bad = dflab(['check', tag, '--max-size', 'huge']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('--max-size huge: not a size');
  });
});

describe('dflab diff', () => {
  it('shows what changed between two images: size, directories, packages and files added and removed', () => {
    const tag = build('diff', [
      `mkdir -p /opt/data && head -c ${MB20} /dev/urandom > /opt/data/blob`,
      'mkdir -p /usr/local/lib/python3.13/site-packages/demo_pkg-1.2.3.dist-info && touch /usr/local/lib/python3.13/site-packages/demo_pkg-1.2.3.dist-info/METADATA',
      'rm -f /var/lib/dpkg/info/hostname.list /usr/bin/hostname',
    ]);
    const res = dflab(['diff', 'debian:trixie-slim', tag, '--json']);
    expect(res.status, res.stderr).toBe(0);
    const d = JSON.parse(res.stdout) as ImageDiffReport;
    expect(d.after.sizeBytes - d.before.sizeBytes).toBeGreaterThan(MB20 - 1024 * 1024);
    expect(d.filesAdded?.largest[0]).toEqual({ path: 'opt/data/blob', bytes: MB20 });
    expect(d.packagesAdded).toContain('pip:demo-pkg');
    expect(d.packagesRemoved).toEqual(['deb:hostname']);
    expect(d.filesRemoved?.largest.map((f) => f.path)).toContain('usr/bin/hostname');
    expect(d.dirs.find((x) => x.path === 'opt/data')?.deltaBytes).toBe(MB20);
    const text = dflab(['diff', 'debian:trixie-slim', tag]);
    expect(text.stdout).toMatch(/^size\s+\S+ MB → \S+ MB \(\+/m);
    expect(text.stdout).toMatch(/^1 package removed, [\d.]+ [kM]?B:\n +[\d.]+ [kM]?B {2}deb:hostname$/m);
  });

  it('an image that does not exist is a usage error naming it', () => {
    const res = dflab(['diff', 'debian:trixie-slim', 'dflab-e2e/none:nowhere']);
    expect(res.status).toBe(2);
    expect(res.stderr).toContain('image not found: dflab-e2e/none:nowhere');
  });
});
