// The report's top block (one line to apply, before → after, the rules, what the variant requires), the names a
// variant is shown with (`all` with its contents, aliases with both names), and the build checks' warnings.
import { describe, expect, it } from 'vitest';
import { applyCommand } from '../../../src/report/apply-command.js';
import { legendLines, variantLabel } from '../../../src/report/labels.js';
import { renderReport } from '../../../src/report/render.js';
import { requirementLines } from '../../../src/report/requirements.js';
import { buildReportView } from '../../../src/report/view.js';
import { fixtureInput, fixtureRun } from './fixture.js';

const APPLY = 'git apply --directory=services/hello-py .dflab/20250101-120000-abc123/patches/recommended.patch';

describe('the top block', () => {
  const run = fixtureRun();
  const { files } = renderReport(run);
  const md = files.get('report.md')!;
  // Handlebars escapes `=` and `'` too; what the browser shows is the text.
  const html = files.get('report.html')!.replace(/&#x3D;/g, '=').replace(/&#x27;/g, "'");
  const recommendation = (text: string, end: string) => text.slice(text.indexOf('Recommendation'), text.indexOf(end));

  it('says the command relative to the project root, with --directory when the project is below the repository top', () => {
    expect(recommendation(md, '## Variants')).toContain(`- Apply it at the project root: \`${APPLY}\``);
    expect(recommendation(html, 'id="variants"')).toContain(`<code class="apply">${APPLY}</code>`);
    // The same function as `dflab run`'s last line, run from the project dir.
    expect(applyCommand({ projectDir: '/w/services/hello-py', outDir: '/w/services/hello-py/.dflab/20250101-120000-abc123', cwd: '/w/services/hello-py', repoTop: '/w' })).toBe(APPLY);
  });

  it('gives before → after, size and compressed, the rules and what the variant requires, in markdown and html alike', () => {
    const view = buildReportView({ results: run.results, diffs: {}, applyCommand: APPLY });
    expect(view.top).toEqual({
      label: 'all: base-slim + pip-no-cache + apt-hygiene', apply: APPLY,
      size: '1.09 GB → 268 MB (-75%)', compressed: '406 MB → 90.5 MB (-78%)', rules: 'base-slim + pip-no-cache + apt-hygiene',
      requires: ['the base is python:3.13-slim', "apt's recommended packages are no longer installed", 'no longer copied into the image: .git, **/*.ipynb'],
    });
    const top = recommendation(html, 'id="variants"');
    for (const r of ['the base is python:3.13-slim', "apt's recommended packages are no longer installed", 'no longer copied into the image: .git, **/*.ipynb']) expect(top).toContain(`<li>${r}</li>`);
    expect(top).toContain('<b>all: base-slim + pip-no-cache + apt-hygiene</b>');
    expect(recommendation(md, '## Variants')).toContain('- Size: 1.09 GB → 268 MB (-75%); compressed: 406 MB → 90.5 MB (-78%)\n- Rules: base-slim + pip-no-cache + apt-hygiene\n- Requires:\n  - the base is python:3.13-slim\n');
  });

  it('is absent when the original is recommended, and falls back to the patch path when the run\'s place is unknown', () => {
    const input = fixtureInput();
    expect(buildReportView({ ...input, results: { ...input.results, recommended: 'original' } }).top).toBeNull();
    expect(buildReportView(input).top?.apply).toBeNull();
  });

  it('lists the build checks\' warnings with file:line', () => {
    expect(md).toContain("## Docker's build checks warn\n\n- `Dockerfile:4`: NoEmptyContinuation: Empty continuation line");
    expect(html).toMatch(/<section id="build-checks">[\s\S]*<code>Dockerfile:4<\/code>: NoEmptyContinuation: Empty continuation line/);
  });
});

describe('variant names', () => {
  it('show what a composed variant contains, and the aliases of a variant built once for several names', () => {
    expect(variantLabel({ name: 'all', rules: ['prune-requirements', 'onnx-runtime', 'dockerignore'] })).toBe('all: prune-requirements + onnx-runtime + dockerignore');
    expect(variantLabel({ name: 'base-slim', rules: ['base-slim'] })).toBe('base-slim');
    expect(variantLabel({ name: 'apt-hygiene', rules: ['apt-hygiene'], aliases: [{ name: 'merge-runs', rules: ['merge-runs'] }] })).toBe('apt-hygiene = merge-runs');
    expect(legendLines(fixtureRun().results)).toEqual([
      'all: base-slim + pip-no-cache + apt-hygiene',
      'slim-nocache: base-slim + pip-no-cache',
      'merge-runs: the same build as apt-hygiene (built once, shown as apt-hygiene)',
    ]);
  });

  it('in the ranked table: both names in one row, linked by the variant\'s own name', () => {
    const { files } = renderReport(fixtureRun());
    expect(files.get('report.md')).toContain('| — | apt-hygiene = merge-runs | — | — | — | 12.4 s | build-failed |');
    expect(files.get('report.html')!.replace(/&#x3D;/g, '=')).toContain('<td class="name"><a href="#v-apt-hygiene">apt-hygiene = merge-runs</a></td>');
  });
});

describe('requirementLines', () => {
  it('words each typed requirement, listing paths and packages in one line each', () => {
    expect(requirementLines([
      { kind: 'reads-env', subject: 'MODEL_BACKEND=onnx' }, { kind: 'not-installed', subject: 'torch' }, { kind: 'loads-model', subject: '/app/model.onnx' },
      { kind: 'not-copied', subject: 'data/' }, { kind: 'not-installed', subject: 'pytest' }, { kind: 'musl-base', subject: 'python:3.13-alpine' },
      { kind: 'cpu-only', subject: 'torch' }, { kind: 'buildkit', subject: 'RUN --mount' }, { kind: 'builder-only', subject: '' },
    ])).toEqual([
      'the app must read MODEL_BACKEND (set to onnx)', 'no longer installed: torch, pytest', 'the app must load the ONNX model at /app/model.onnx',
      'no longer copied into the image: data/', 'the base is python:3.13-alpine (alpine, musl libc)', 'torch is CPU-only: no GPU',
      'the build needs BuildKit (RUN --mount)', 'build tools exist in the builder stage only',
    ]);
    expect(requirementLines(Array.from({ length: 14 }, (_, i) => ({ kind: 'not-installed' as const, subject: `p${i}` })))).toEqual(['no longer installed: p0, p1, p2, p3, p4, p5, p6, p7, p8, p9, p10, p11, … 2 more']);
  });
});
