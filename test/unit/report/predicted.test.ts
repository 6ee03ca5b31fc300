import { describe, expect, it } from 'vitest';
import { rankVariants, withRanking } from '../../../src/rank/index.js';
import { predictionView } from '../../../src/report/predicted.js';
import { renderReport } from '../../../src/report/render.js';
import { resultsSchema, type Results, type VariantResult } from '../../../src/results.js';

function variant(name: string, sizeBytes: number | null, extra: Partial<VariantResult> = {}): VariantResult {
  return {
    name, rules: name === 'original' ? [] : [name], outcome: sizeBytes === null ? 'skipped' : 'ok',
    dockerfile: `variants/${name}/Dockerfile`, patch: name === 'original' ? null : `patches/${name}.patch`,
    sizeBytes, compressedBytes: sizeBytes === null ? null : Math.round(sizeBytes / 3), wastedBytes: null, efficiency: null, layers: [],
    build: sizeBytes === null ? null : { coldSeconds: 40, warmSeconds: null, steps: [] }, smoke: null, rank: null, pareto: false, error: null, ...extra,
  };
}

const diff = (removed: string[], dirs: { path: string; deltaBytes: number }[] = []) => ({
  filesystemDeltaBytes: 0, dirs: dirs.map((d) => ({ ...d, beforeBytes: 0, afterBytes: 0 })), packagesAdded: [], packagesRemoved: removed, packagesChanged: [],
});

function run(): Results {
  const variants = [
    variant('original', 1_000_000_000),
    variant('pip-no-cache', 900_000_000, {
      predicted: { sizeBytes: 910_000_000, compressedBytes: 310_000_000, coldSeconds: 38, contributors: [{ what: "pip's cache /root/.cache/pip", bytes: -90_000_000, keys: ['pip-cache:rest'] }] },
      diff: diff([], [{ path: 'root/.cache/pip', deltaBytes: -100_000_000 }]),
    }),
    variant('prune-requirements', 800_000_000, {
      predicted: {
        sizeBytes: 500_000_000, compressedBytes: null, coldSeconds: null,
        contributors: [
          { what: 'torch and 3 packages only it needs', bytes: -400_000_000, keys: ['python:torch', 'python:sympy', 'python:mpmath', 'python:networkx'] },
          { what: 'pytest', bytes: -100_000_000, keys: ['python:pytest'] },
        ],
      },
      diff: diff(['pip:pytest', 'pip:sympy', 'pip:pluggy']),
    }),
    variant('dockerignore', null, {
      predicted: { sizeBytes: 970_000_000, compressedBytes: 320_000_000, coldSeconds: 40, contributors: [] },
      predictedOnly: true, error: 'predicted only, not built: the top 1 by prediction were proven (--prove 1)',
    }),
    variant('torch-cpu', 700_000_000, { unpredicted: { code: 'replacement-unsized', message: "the CPU wheels' size is not known offline" } }),
  ];
  const ranking = rankVariants(variants, 'size');
  return withRanking({
    schemaVersion: 1, runId: 'r1', project: 'p', startedAt: '2025-01-01T12:00:00.000Z', finishedAt: '2025-01-01T12:01:00.000Z',
    engine: { docker: '26', buildx: '0.13', builder: 'default' }, variants, recommended: null,
  }, ranking, 'size');
}

describe('predictionView', () => {
  it('shows predicted → measured with the error, and predicted-only variants as predictions', () => {
    const view = predictionView(run())!;
    expect(view.rows.map((r) => [r.name, r.size, r.cold])).toEqual([
      ['prune-requirements', '500 MB → 800 MB (−38%)', '—'],
      ['pip-no-cache', '910 MB → 900 MB (+1.1%)', '38.0 s → 40.0 s (−5.0%)'],
      ['dockerignore', '≈970 MB, not built', '≈40.0 s, not built'],
    ]);
    expect(view.summary).toBe('median |size error| 19%, worst 38%, over 2 variants built');
    expect(view.unpredicted).toEqual([{ name: 'torch-cpu', code: 'replacement-unsized', message: "the CPU wheels' size is not known offline" }]);
  });

  it('explains a miss over 15% by the contributors the measured diff contradicts, worst first', () => {
    const [miss, ...others] = predictionView(run())!.misses;
    expect(others).toEqual([]);
    expect(miss!.name).toBe('prune-requirements');
    expect(miss!.lines).toEqual([
      'predicted 500 MB (−500 MB against original), measured 800 MB (−200 MB against original): −38%',
      '"torch and 3 packages only it needs" (predicted −400 MB): 3 of its 4 packages are still in the image (pip:torch, pip:mpmath, pip:networkx)',
      'removed, but no contributor predicted it: pip:pluggy',
      'the contributors add up to −500 MB; the measured change is −200 MB',
    ]);
  });

  it('is absent from runs that predicted nothing', () => {
    const r = run();
    expect(predictionView({ ...r, variants: r.variants.map(({ predicted: _p, unpredicted: _u, ...v }) => v) })).toBeNull();
  });
});

describe('a run that stopped early', () => {
  it('ranks and recommends only measured variants, marks the rest, and still validates', () => {
    const r = run();
    expect(r.variants.find((v) => v.name === 'dockerignore')!.rank).toBeNull();
    expect(r.recommended).toBe('torch-cpu');
    expect(resultsSchema.safeParse(JSON.parse(JSON.stringify(r))).success).toBe(true);
    const files = renderReport({ results: r, ranking: { reason: r.recommendedReason!, unranked: [] }, variants: {} }).files;
    const md = files.get('report.md')!;
    expect(md).toContain('## Predicted vs measured');
    expect(md).toMatch(/\| — \| dockerignore \| ≈970 MB \(predicted\) \| — \|.*\| predicted only \|/);
    expect(md).toContain('| dockerignore (predicted only) | ≈970 MB, not built |');
    expect(md).toContain('**prune-requirements**: predicted 500 MB');
    const html = files.get('report.html')!;
    expect(html).toContain('<section id="predictions">');
    expect(html).toContain('<span class="badge">predicted only</span>');
  });
});
