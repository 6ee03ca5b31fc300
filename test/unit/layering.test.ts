// The layering check (`npm run deps`) with the repository's own config on two small trees: it must pass the
// clean one and name every breach in the bad one (test/fixtures/layering/README.md).
import { fileURLToPath } from 'node:url';
import { cruise, type ICruiseResult } from 'dependency-cruiser';
import extractDepcruiseOptions from 'dependency-cruiser/config-utl/extract-depcruise-options';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const config = `${root}.dependency-cruiser.cjs`;
const fixture = (name: string) => `${root}test/fixtures/layering/${name}`;

/** Cruises a fixture's src/ in-process, as the CLI does with that config (no webpack or tsconfig options to add). */
async function cruiseFixture(name: string): Promise<ICruiseResult['summary']> {
  const options = await extractDepcruiseOptions(config);
  const { output } = await cruise(['src'], { ...options, baseDir: fixture(name) });
  if (typeof output === 'string') throw new Error('expected a cruise result, got formatted text');
  return output.summary;
}

// Generous timeouts: the check loads TypeScript, and the unit tier shares two cores with other work.
describe('layering check', () => {
  it('passes a tree whose imports all go down the layers', async () => {
    const summary = await cruiseFixture('clean');
    expect(summary.totalCruised).toBe(12); // 11 files and fs/promises, which context/ may read with
    expect(summary.totalDependenciesCruised).toBe(11);
    expect(summary.violations).toEqual([]);
  }, 120_000);

  it('fails on a type-only cycle and on each upward import, naming both ends', async () => {
    const summary = await cruiseFixture('bad');
    const found = summary.violations.map((v) => `${v.rule.name}: ${v.from} → ${v.to}`).sort();
    expect(found).toEqual([
      'analysis-below-rules-and-plan: src/analysis/shell.ts → src/rules/slim.ts',
      'dockerfile-self-contained: src/dockerfile/model.ts → src/analysis/shell.ts',
      'leaves-import-nothing: src/results.ts → src/rank/objectives.ts',
      'no-cycle: src/config/types.ts → src/rank/objectives.ts',
      'pure-core-no-engine-or-run: src/rules/slim.ts → src/engine/docker.ts',
      'pure-core-no-io: src/plan/cache.ts → fs',
    ]);
    const cycle = summary.violations.find((v) => v.type === 'cycle');
    expect(cycle?.cycle?.map((m) => [m.name, m.dependencyTypes.includes('type-only')])).toEqual([
      ['src/rank/objectives.ts', true],
      ['src/config/types.ts', true],
    ]);
  }, 120_000);

  it('as `npm run deps` runs it: exits non-zero and prints the cycle and the upward import', async () => {
    const run = await execa(`${root}node_modules/.bin/depcruise`, ['src', '--config', config], { cwd: fixture('bad'), reject: false });
    expect(run.exitCode).toBe(6);
    expect(run.stdout).toMatch(/error no-cycle: src\/config\/types\.ts → \s*src\/rank\/objectives\.ts →\s*src\/config\/types\.ts/);
    expect(run.stdout).toContain('error pure-core-no-engine-or-run: src/rules/slim.ts → src/engine/docker.ts');
  }, 120_000);
});
