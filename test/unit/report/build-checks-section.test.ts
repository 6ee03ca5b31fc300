// BuildKit's build checks in both reports: the original's findings, the variants that add one, or why none ran.
import { describe, expect, it } from 'vitest';
import { renderReport } from '../../../src/report/render.js';
import { fixtureRun } from './fixture.js';

function runWith(checks: 'ran' | 'skipped') {
  const run = fixtureRun();
  run.results.buildChecks = checks === 'ran'
    ? { ran: true, reason: null, original: [{ rule: 'JSONArgsRecommended', detail: 'JSON arguments recommended for CMD', url: null, lines: [7] }] }
    : { ran: false, reason: 'buildx 0.13.1+ds1 has no --call=check', original: [] };
  run.results.variants = run.results.variants.map((v) => (v.name === 'base-slim' && checks === 'ran'
    ? { ...v, newBuildChecks: [{ rule: 'FromAsCasing', detail: "'as' and 'FROM' keywords' casing do not match", url: null, lines: [1] }] }
    : v));
  return renderReport(run).files;
}

describe('BuildKit build checks in the report', () => {
  it('lists the original\'s findings and flags the variant that adds one, in report.md and report.html', () => {
    const files = runWith('ran');
    const md = files.get('report.md')!;
    const section = md.slice(md.indexOf('## BuildKit build checks'), md.indexOf('## Details'));
    expect(section).toContain('original, line 7: **JSONArgsRecommended**');
    expect(section).toMatch(/⚠ \*\*base-slim\*\* adds \*\*FromAsCasing\*\* \(line 1:/);
    expect(section).not.toContain('pip-no-cache');
    const html = files.get('report.html')!;
    expect(html).toContain('<section id="build-checks">');
    expect(html).toMatch(/⚠ <b>base-slim<\/b> adds <b>FromAsCasing<\/b>/);
  });

  it('says why the checks were skipped', () => {
    const md = runWith('skipped').get('report.md')!;
    expect(md).toMatch(/## BuildKit build checks\n\nSkipped: buildx 0\.13\.1\+ds1 has no --call=check/);
  });

  it('has no section for a run that recorded no checks', () => {
    expect(renderReport(fixtureRun()).files.get('report.md')).not.toContain('BuildKit build checks');
  });
});
