// The layering check (`npm run deps`) run with the repository's own config on two small trees: it must
// pass the clean one and name every breach in the bad one (test/fixtures/layering/README.md).
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const fixtures = `${root}test/fixtures/layering`;

interface Violation {
  type: string;
  from: string;
  to: string;
  rule: { name: string };
  cycle?: { name: string }[];
}

/** Runs depcruise in `dir` as `npm run deps` runs it in the repository; `err` is what lint prints. */
function depcruise(dir: string, outputType: 'err' | 'json') {
  return execa(
    `${root}node_modules/.bin/depcruise`,
    ['src', '--config', `${root}.dependency-cruiser.cjs`, '--output-type', outputType],
    { cwd: dir, reject: false },
  );
}

/** The JSON summary (its exit code is always 0: only the err reporter exits with the error count). */
async function summaryOf(dir: string) {
  const run = await depcruise(dir, 'json');
  return (JSON.parse(run.stdout) as { summary: { violations: Violation[] } }).summary;
}

describe.concurrent('layering check', () => {
  it('passes a tree whose imports all go down the layers', async () => {
    const run = await depcruise(`${fixtures}/clean`, 'err');
    expect(run.stdout).toContain('no dependency violations found (10 modules, 9 dependencies cruised)');
    expect(run.exitCode).toBe(0);
  }, 30_000);

  it('fails on a type-only cycle and on each upward import, naming both ends', async () => {
    const summary = await summaryOf(`${fixtures}/bad`);
    const found = summary.violations.map((v) => `${v.rule.name}: ${v.from} → ${v.to}`).sort();
    expect(found).toEqual([
      'analysis-below-rules-and-plan: src/analysis/shell.ts → src/rules/slim.ts',
      'dockerfile-self-contained: src/dockerfile/model.ts → src/analysis/shell.ts',
      'leaves-import-nothing: src/results.ts → src/rank/objectives.ts',
      'no-cycle: src/config/types.ts → src/rank/objectives.ts',
      'pure-core-no-engine-or-run: src/rules/slim.ts → src/engine/docker.ts',
    ]);
    const cycle = summary.violations.find((v) => v.type === 'cycle');
    expect(cycle?.cycle?.map((m) => m.name)).toEqual(['src/rank/objectives.ts', 'src/config/types.ts']);
  }, 30_000);

  it('exits non-zero and names the cycle and the upward import where lint prints them', async () => {
    const run = await depcruise(`${fixtures}/bad`, 'err');
    expect(run.exitCode).toBe(5);
    expect(run.stdout).toMatch(/error no-cycle: src\/config\/types\.ts → \s*src\/rank\/objectives\.ts →\s*src\/config\/types\.ts/);
    expect(run.stdout).toContain('error pure-core-no-engine-or-run: src/rules/slim.ts → src/engine/docker.ts');
  }, 30_000);
});
