// The planner on a corpus of realistic projects (test/fixtures/corpus/<name>/: a Dockerfile and the context files it
// reads, see the README there): it never throws or records a dflab bug, every variant parses again, the original
// prints back byte for byte, and every variant's patch — made the way `dflab plan` makes it — passes
// `git apply --check` in a copy of the project and, applied for real, gives exactly the variant's files.
import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseDockerfile, printDockerfile } from '../../../src/dockerfile/index.js';
import { variantPatches } from '../../../src/run/variant-patches.js';
import { applyAll, blankContinuationLines, fixtureNames, loadFixture, scratchDir } from '../../helpers/corpus.js';

const ROOT = 'test/fixtures/corpus';
const names = fixtureNames(ROOT);
const { dir: scratch, remove } = scratchDir('dflab-corpus-');
afterAll(remove);

describe.each(names)('%s', (name) => {
  const dir = join(ROOT, name);

  it('plans without a dflab bug; every variant parses; every patch applies and gives the variant', async () => {
    const { loaded, project, plan } = await loadFixture(dir);
    expect(printDockerfile(project.dockerfile)).toBe(readFileSync(loaded.dockerfileAbs, 'utf8'));
    expect(plan.skipped.filter((s) => s.code === 'rule-failed')).toEqual([]);
    expect(plan.variants[0]!.name).toBe('original');
    for (const v of plan.variants) {
      const model = parseDockerfile(v.dockerfile, `${name}:${v.name}`);
      expect(printDockerfile(model), v.name).toBe(v.dockerfile);
      // A continuation left dangling before a blank line joins the next instruction (BuildKit skips the blank line).
      expect(blankContinuationLines(model), `${v.name}: blank lines inside an instruction`).toBeLessThanOrEqual(blankContinuationLines(project.dockerfile));
    }

    const patches = variantPatches(plan, loaded);
    expect([...patches.keys()]).toEqual(plan.variants.slice(1).map((v) => v.name));
    for (const [variant, patch] of patches) expect(patch, variant).not.toBe('');
    expect(applyAll(scratch, name, dir, [...patches.values()])).toBe('');

    [...patches.keys()].forEach((variant, i) => {
      const v = plan.variants.find((x) => x.name === variant)!;
      const work = join(scratch, name, `v${i}`);
      // The Dockerfile may sit outside the build context (dflab.yaml `dockerfile:`, `context:`); rule paths are context-relative.
      expect(readFileSync(join(work, relative(loaded.dir, loaded.dockerfileAbs)), 'utf8'), `${variant}: Dockerfile`).toBe(v.dockerfile);
      for (const f of v.files) {
        const path = join(work, relative(loaded.dir, loaded.contextDir), f.path);
        if (f.newText === null) expect(existsSync(path), `${variant}: ${f.path} deleted`).toBe(false);
        else expect(readFileSync(path, 'utf8'), `${variant}: ${f.path}`).toBe(f.newText);
      }
    });
  }, 30_000);
});

it('holds at least 30 projects', () => {
  expect(names.length).toBeGreaterThanOrEqual(30);
});
