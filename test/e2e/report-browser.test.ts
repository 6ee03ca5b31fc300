// report.html in a real browser (Debian's chromium via playwright-core), on a fixture run and on a real
// run of experiments/hello-py whose Dockerfile carries <script> in a comment and a LABEL.
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderReport } from '../../src/report/render.js';
import type { Results } from '../../src/results.js';
import { docker, imagesWithLabel } from '../helpers/engine.js';
import { openFile, type OpenedPage } from '../helpers/browser.js';
import { fixtureRun } from '../unit/report/fixture.js';

const root = resolve(import.meta.dirname, '../..');
const cli = join(root, 'dist/cli/main.js');
const artifacts = join(root, 'test-artifacts');
const HOSTILE = '<script>alert(1)</script>';

function dflab(args: string[]) {
  return spawnSync('node', [cli, ...args], { cwd: root, encoding: 'utf8', timeout: 20 * 60_000 });
}

/** What a user sees and what a script could have done: rows, chart shapes, errors, dialogs. */
async function inspect(opened: OpenedPage) {
  const { page } = opened;
  return {
    rows: await page.locator('#ranked tbody tr').count(),
    sizeRects: await page.locator('#size-chart rect').count(),
    buildRects: await page.locator('#build-chart rect').count(),
    paretoCircles: await page.locator('#pareto-chart circle').count(),
    scripts: await page.locator('script').count(),
  };
}

describe('report.html of a fixture run in chromium', () => {
  let opened: OpenedPage;
  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dflab-html-'));
    writeFileSync(join(dir, 'report.html'), renderReport(fixtureRun()).files.get('report.html')!);
    opened = await openFile(join(dir, 'report.html'));
  });
  afterAll(async () => { await opened?.close(); });

  it('renders the table, the charts and sorts without a console error', async () => {
    const seen = await inspect(opened);
    expect(seen.rows).toBe(fixtureRun().results.variants.length);
    expect(seen.sizeRects).toBeGreaterThan(0);
    expect(seen.buildRects).toBeGreaterThan(0);
    expect(seen.paretoCircles).toBe(5);
    // Sorting by size from the embedded JSON: smallest first, unmeasured last.
    await opened.page.locator('#ranked th[data-key="sizeBytes"]').click();
    const names = await opened.page.locator('#ranked tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-name')));
    expect(names.slice(0, 2)).toEqual(['all', 'slim-nocache']);
    expect(names.slice(-2).sort()).toEqual(['apt-hygiene', 'base-alpine']);
    mkdirSync(artifacts, { recursive: true });
    await opened.page.screenshot({ path: join(artifacts, 'report-fixture.png'), fullPage: true });
    expect(opened.consoleErrors).toEqual([]);
    expect(opened.dialogs).toEqual([]);
  });
});

describe('dflab run on experiments/hello-py with <script> in the Dockerfile, then its reports', () => {
  const work = mkdtempSync(join(tmpdir(), 'dflab-report-e2e-'));
  const project = join(work, 'project');
  const out = join(work, 'out');
  const testId = `report-e2e-${process.pid}-${Date.now()}`;
  let run: { status: number; stdout: string; stderr: string };
  let results: Results;

  beforeAll(async () => {
    cpSync(join(root, 'experiments/hello-py'), project, { recursive: true, filter: (src) => !src.includes('/.dflab') });
    const dockerfile = readFileSync(join(project, 'Dockerfile'), 'utf8')
      .replace(/^FROM python:3\.13$/m, `# ${HOSTILE} in a comment\nFROM python:3.13\nLABEL note="${HOSTILE}"`);
    writeFileSync(join(project, 'Dockerfile'), dockerfile);
    // A small run: one rule that works offline and one whose base cannot be had here.
    writeFileSync(join(project, 'dflab.yaml'), `${readFileSync(join(project, 'dflab.yaml'), 'utf8')}rules: {include: [base-slim, base-alpine]}\n`);
    // Asynchronously: a minute-long spawnSync would stall the test worker's RPC with vitest.
    run = await promisify(execFile)('node', [cli, 'run', project, '--out', out, '--json', '--quiet'], { cwd: root, encoding: 'utf8', maxBuffer: 64 << 20 })
      .then(({ stdout, stderr }) => ({ status: 0, stdout, stderr }))
      .catch((e: { code?: number; stdout?: string; stderr?: string }) => ({ status: e.code ?? 1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' }));
    results = JSON.parse(run.stdout) as Results;
  });

  afterAll(() => {
    for (const id of imagesWithLabel(`dflab.run=${testId}`)) docker(['rmi', '-f', id]);
  });

  it('finishes, with the unavailable base listed as not ranked', () => {
    expect(run.status, run.stderr).toBe(0);
    expect(results.recommended).toBe('base-slim');
    expect(results.variants.map((v) => `${v.name} ${v.outcome}`)).toEqual(['base-slim ok', 'original ok', 'base-alpine base-unavailable']);
    for (const f of ['report.md', 'report.html', 'patches/base-slim.patch', 'patches/base-alpine.patch', 'patches/recommended.patch']) {
      expect(existsSync(join(out, f)), f).toBe(true);
    }
  });

  it('report.md matches its snapshot once volatile values are stripped', async () => {
    const md = readFileSync(join(out, 'report.md'), 'utf8');
    expect(md.length).toBeLessThan(65_000);
    await expect(stripVolatile(md, results)).toMatchFileSnapshot('./__snapshots__/report-hello.md');
  });

  it('every patch passes git apply --check on a copy of the original project', () => {
    const patches = readdirSync(join(out, 'patches')).filter((f) => f.endsWith('.patch'));
    expect(patches.sort()).toEqual(['base-alpine.patch', 'base-slim.patch', 'recommended.patch']);
    for (const patch of patches) {
      const copy = mkdtempSync(join(tmpdir(), 'dflab-apply-'));
      cpSync(project, copy, { recursive: true });
      execFileSync('git', ['apply', '--check', join(out, 'patches', patch)], { cwd: copy });
      rmSync(copy, { recursive: true, force: true });
    }
  });

  it('applying the recommended patch and building gives the recommended image size (within 1%)', () => {
    const copy = mkdtempSync(join(tmpdir(), 'dflab-rebuild-'));
    cpSync(project, copy, { recursive: true });
    execFileSync('git', ['apply', join(out, 'patches', 'recommended.patch')], { cwd: copy });
    const tag = `dflab-report-e2e:${testId}`;
    execFileSync('docker', ['buildx', 'build', '--load', '--network', 'host', '--label', `dflab.run=${testId}`, '-t', tag, copy], { stdio: 'pipe' });
    const size = Number(docker(['image', 'inspect', '-f', '{{.Size}}', tag]));
    const expected = results.variants.find((v) => v.name === results.recommended)!.sizeBytes!;
    expect(Math.abs(size - expected) / expected).toBeLessThan(0.01);
    docker(['rmi', '-f', tag]);
    expect(imagesWithLabel(`dflab.run=${testId}`)).toEqual([]);
    rmSync(copy, { recursive: true, force: true });
  });

  it('report.html in chromium: a row per variant, drawn charts, no console error, the <script> only as text', async () => {
    const opened = await openFile(join(out, 'report.html'));
    try {
      const seen = await inspect(opened);
      expect(seen.rows).toBe(results.variants.length);
      expect(seen.sizeRects).toBeGreaterThan(0);
      expect(seen.buildRects).toBeGreaterThan(0);
      expect(seen.paretoCircles).toBeGreaterThan(0);
      expect(seen.scripts).toBe(2); // the page's own: the JSON data and the table sorter
      await opened.page.locator('details#v-base-slim > summary').click();
      const diff = await opened.page.locator('details#v-base-slim pre.diff').innerText();
      expect(diff).toContain(`# ${HOSTILE} in a comment`);
      expect(diff).toContain(`LABEL note="${HOSTILE}"`);
      mkdirSync(artifacts, { recursive: true });
      await opened.page.screenshot({ path: join(artifacts, 'report-hello.png'), fullPage: true });
      expect(opened.consoleErrors).toEqual([]);
      expect(opened.dialogs).toEqual([]);
    } finally {
      await opened.close();
    }
  });

  it('report.md shows the <script> inside the diff code block only', () => {
    const md = readFileSync(join(out, 'report.md'), 'utf8');
    const outside = md.replace(/^(`{3,})[^\n]*\n[\s\S]*?^\1$/gm, '');
    expect(outside).not.toContain('<script');
    expect(md).toContain(`+# ${HOSTILE} in a comment`.replace('+', ' '));
  });

  it('dflab report OUT --objective build re-renders everything from the out dir, leaving results.json as it was', () => {
    const before = readFileSync(join(out, 'results.json'), 'utf8');
    for (const f of ['report.md', 'report.html', 'patches/base-slim.patch', 'patches/recommended.patch']) rmSync(join(out, f));
    const res = dflab(['report', out, '--objective', 'build', '--json']);
    expect(res.status, res.stderr).toBe(0);
    const summary = JSON.parse(res.stdout) as { objective: string; files: string[] };
    expect(summary.objective).toBe('build');
    expect(summary.files).toEqual(expect.arrayContaining(['report.md', 'report.html', 'patches/base-slim.patch', 'patches/base-alpine.patch']));
    expect(readFileSync(join(out, 'report.md'), 'utf8')).toContain('Ranked by build.');
    expect(readFileSync(join(out, 'results.json'), 'utf8')).toBe(before);
    // Same patch bytes as the run wrote: rebuilt from variants/<name>/Dockerfile and variant.json.
    const copy = mkdtempSync(join(tmpdir(), 'dflab-apply-'));
    cpSync(project, copy, { recursive: true });
    execFileSync('git', ['apply', join(out, 'patches', 'base-slim.patch')], { cwd: copy });
    expect(readFileSync(join(copy, 'Dockerfile'), 'utf8')).toBe(readFileSync(join(out, 'variants/base-slim/Dockerfile'), 'utf8'));
  });

  it('dflab report on a dir without results.json is a usage error', () => {
    const res = dflab(['report', work]);
    expect(res.status).toBe(2);
    expect(res.stderr).toContain(`no results.json in ${work}`);
  });
});

/** Times, sizes, percentages, digests, dates, run ids and paths change from run to run. */
function stripVolatile(md: string, results: Results): string {
  return md
    .replaceAll(results.runId, '<run-id>')
    .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z/g, '<date>')
    .replace(/took (\d+ min )?\d+ s/g, 'took <duration>')
    .replace(/Engine: [^\n]*/g, 'Engine: <engine>')
    .replace(/index [0-9a-f]{40}\.\.[0-9a-f]{40}/g, 'index <blob>..<blob>')
    .replace(/sha256:[0-9a-f]{64}/g, 'sha256:<digest>')
    // A time has a ± once its steps have run twice on this machine (the step history is the machine's), and a
    // rule's effect on it is a number or "no measurable change" depending on how noisy this run was.
    .replace(/\| (no measurable change|[-+]?\d+\.\d( ± \d+\.\d)? s \([-+]?\d+(\.\d+)?%\)) \|/g, '| <cold change> |')
    .replace(/\d+\.\d ± \d+\.\d s/g, '<n s>')
    .replace(/ \(median of \d+ runs\)/g, '')
    .replace(/[-+±−]?\d+(\.\d+)? ?(s|B|kB|MB|GB)\b/g, '<n $2>')
    .replace(/[-+±−]?\d+(\.\d+)?%/g, '<n%>')
    // Whether a variant is on the Pareto front depends on its build time against the others' (noise decides ties).
    .replace(/^(\| (?:\d+|—) \| [\w.+-]+) ✓ \|/gm, '$1 |')
    // How a registry lookup fails depends on the machine's resolver; which rules exist changes as rules are added.
    .replace(/failed to do request: [^\n;]*/g, 'failed to do request: <registry error>')
    .replace(/pulling it failed \([^)\n]*\)/g, 'pulling it failed (<registry error>)')
    // Which packages and directories differ depends on the base images (stand-ins or real ones).
    .replace(/^- (packages (removed|added)|directories that changed most)( \(\d+\))?: .*$/gm, '- $1: <list>')
    .replace(/(- \*\*[\w-]+\*\*: (\\\[[\w-]+\\\] )?not in rules\.include\n)+/g, '- <rules not in rules.include>\n');
}
