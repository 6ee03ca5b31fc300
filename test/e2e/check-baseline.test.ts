// `dflab check` as a CI gate that compares: against a baseline image (two tiny images on the stand-in base),
// JUnit output read back with an XML parser, and OUT given as a recorded run's out dir or a path that is none.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { afterAll, describe, expect, it } from 'vitest';
import { root, runCli } from '../helpers/cli.js';
import { docker, imagesWithLabel } from '../helpers/engine.js';

const runId = `e2e-check-${process.pid}-${Date.now()}`;
const MB = 1_000_000;
const recorded = join(root, 'test/fixtures/check/hello-run');

function build(name: string, bytes: number): string {
  const dir = mkdtempSync(join(tmpdir(), 'dflab-check-'));
  writeFileSync(join(dir, 'Dockerfile'), `FROM debian:trixie-slim\nRUN head -c ${bytes} /dev/urandom > /blob\n`);
  const tag = `dflab-e2e-check:${runId}-${name}`;
  docker(['buildx', 'build', '--quiet', '--load', '--label', `dflab.run=${runId}`, '-t', tag, dir]);
  return tag;
}

afterAll(() => {
  for (const id of imagesWithLabel(`dflab.run=${runId}`)) docker(['rmi', '-f', id]);
});

describe('check --baseline on images', () => {
  const small = build('small', 1 * MB);
  const grown = build('grown', 30 * MB);

  it('passes against the same image, every figure measured on both sides', async () => {
    const res = await runCli(['check', small, '--baseline', small, '--max-growth', '5%', '--max-growth-bytes', '1MB', '--json']);
    expect(res.status, res.stderr).toBe(0);
    const report = JSON.parse(res.stdout) as { gates: { id: string; ok: boolean; value: number | null; baseline: number | null }[] };
    expect(report.gates).toHaveLength(6);
    for (const g of report.gates) {
      expect(g.value, g.id).not.toBeNull();
      expect(g.value).toBe(g.baseline);
    }
  });

  it('fails with exit 1 on a grown image: size and compressed grew past both limits, waste did not', async () => {
    const res = await runCli(['check', grown, '--baseline', small, '--max-growth', '5%', '--max-growth-bytes', '10MB']);
    expect(res.status, res.stderr).toBe(1);
    const failed = res.stdout.trim().split('\n');
    expect(failed).toHaveLength(4);
    expect(failed[0]).toMatch(/size \S+ MB → \S+ MB, \+(29|30)(\.\d)? MB .*exceeds the allowed 5%/);
    expect(res.stdout).toMatch(/compressed .* exceeds the allowed 10 MB/);
  });

  it('--format junit parses and lists each gate, failures carrying the figures', async () => {
    const res = await runCli(['check', grown, '--baseline', small, '--max-growth-bytes', '10MB', '--max-size', '1GB', '--format', 'junit']);
    expect(res.status).toBe(1);
    const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(res.stdout) as {
      testsuites: { tests: string; failures: string; testsuite: { testcase: { name: string; failure?: { message: string; '#text': string } }[] } };
    };
    const cases = doc.testsuites.testsuite.testcase;
    expect(cases.map((c) => c.name)).toEqual(['max-size', 'growth-size-bytes', 'growth-compressed-bytes', 'growth-wasted-bytes']);
    expect(cases.filter((c) => c.failure).map((c) => c.name)).toEqual(['growth-size-bytes', 'growth-compressed-bytes']);
    expect(doc.testsuites.failures).toBe('2');
    expect(cases[1]!.failure!['#text']).toMatch(/baseline: \d+/);
  });
});

describe('check OUT', () => {
  it('a recorded run\'s out dir: exit 0 when it holds, 1 when it does not, for the variant asked', async () => {
    expect((await runCli(['check', recorded, '--max-size', '900MB'])).status).toBe(0);
    expect((await runCli(['check', recorded, '--max-size', '800MB'])).status).toBe(1);
    expect((await runCli(['check', join(recorded, 'results.json'), '--max-size', '200MB', '--variant', 'base-slim'])).status).toBe(0);
  });

  it('against a baseline run: the variant against the same variant of the baseline', async () => {
    const res = await runCli(['check', recorded, '--baseline', recorded, '--max-growth', '0%']);
    expect(res.status, res.stderr).toBe(0);
  });

  it('a path that is neither a run nor an image is a usage error (exit 2), never a crash that CI reads as a failed gate', async () => {
    for (const target of ['/tmp/dflab-no-such-out', './no-such/out']) {
      const res = await runCli(['check', target, '--max-size', '1GB']);
      expect(res.status, res.stderr).toBe(2);
      expect(res.stderr).toContain('no such file or directory, and not an image name');
      expect(res.stderr).not.toContain('Unhandled');
    }
  });
});
