// The dockerignore rule's guesses from the context scan: large files nothing names go into the .dockerignore it
// writes, required as not copied; what the user re-includes or the build keeps on purpose is never guessed; and the
// predictor counts the guessed files' bytes in the image.
import { describe, expect, it } from 'vitest';
import { parseDockerfile } from '../../../src/dockerfile/index.js';
import type { Attribution } from '../../../src/measure/attribution/index.js';
import { planVariants } from '../../../src/plan/index.js';
import { predictVariant } from '../../../src/predict/index.js';
import { ruleById } from '../../../src/rules/index.js';
import type { Project } from '../../../src/rules/types.js';

const MB = 1_000_000;
const DOCKERFILE = 'FROM python:3.13-slim\nWORKDIR /app\nCOPY . .\nCMD ["python", "app.py"]\n';
const rule = ruleById('dockerignore')!;

function project(sizes: Record<string, number>, files: Record<string, string> = {}, dockerfile = DOCKERFILE): Project {
  const all = { 'app.py': 100, 'Dockerfile': dockerfile.length, ...sizes };
  const texts = { 'app.py': 'print("ok")\n', ...files };
  return { dockerfile: parseDockerfile(dockerfile), dockerfilePath: 'Dockerfile', files, contextPaths: Object.keys(all).sort(), contextScan: { sizes: all, texts, complete: true } };
}

describe('dockerignore: large files nothing references', () => {
  const p = project({ 'junk/dump.bin': 30 * MB, 'tools/cache.db': 4 * MB, 'tools/gen.py': 200 });

  it('excludes them with a comment each and requires them as not copied', () => {
    const plan = planVariants(p, [rule]);
    const v = plan.variants.find((x) => x.name === 'dockerignore')!;
    const text = v.files.find((f) => f.path === '.dockerignore')!.newText!;
    expect(text).toContain('# junk/: 30 MB in 1 file, referenced nowhere');
    expect(text).toMatch(/\njunk\n/);
    expect(text).toContain('# tools/cache.db: 4 MB, referenced nowhere');
    expect(text).toMatch(/\ntools\/cache\.db\n/);
    expect(v.requires).toEqual(expect.arrayContaining([{ kind: 'not-copied', subject: 'junk' }, { kind: 'not-copied', subject: 'tools/cache.db' }]));
    expect(v.notes.join('\n')).toMatch(/junk\/ \(30 MB\), tools\/cache\.db \(4 MB\).*the smoke test fails/);
  });

  it('the prediction counts their bytes in the image: a whole group, and the share of a group', () => {
    const v = planVariants(p, [rule]).variants.find((x) => x.name === 'dockerignore')!;
    const groups = [{ path: 'junk/', matched: true, bytes: 30 * MB, files: 1 }, { path: 'tools/', matched: true, bytes: 4 * MB + 200, files: 2 }, { path: 'app.py', matched: true, bytes: 100, files: 1 }];
    const a = { copies: [{ layer: 2, instruction: 'COPY . .', bytes: 34 * MB + 300, files: 4, matchedBytes: 34 * MB + 300, groups }] } as unknown as Attribution;
    const context = Object.entries(p.contextScan!.sizes).map(([path, size]) => ({ path, size }));
    const got = predictVariant({ ...a, categories: [], packages: [], layers: [], waste: [] } as Attribution, v, { dockerfile: DOCKERFILE, files: {}, context, bases: new Map() });
    expect(got).toMatchObject({ predicted: true, contributors: [{ what: 'junk/ (all of it) from layer 2', bytes: -30 * MB }, { what: 'tools/ (part) from layer 2', bytes: -4 * MB }] });
  });

  it('leaves what the user re-includes, and the git checkout a RUN needs', () => {
    const reincluded = project({ 'junk/dump.bin': 30 * MB, '.dockerignore': 20 }, { '.dockerignore': '*.log\n!junk/dump.bin\n' });
    expect(rule.apply(reincluded).files[0]!.newText).not.toMatch(/\njunk/);
    const git = project({ '.git/objects/pack/pack-1.pack': 50 * MB }, {}, DOCKERFILE.replace('CMD', 'RUN git describe > VERSION\nCMD'));
    expect(rule.apply(git).files[0]!.newText).not.toContain('pack');
  });

  it('guesses nothing without the scan (a project read by hand)', () => {
    const { contextScan: _, ...bare } = project({ 'junk/dump.bin': 30 * MB });
    expect(rule.apply(bare).files[0]!.newText).not.toContain('junk');
  });
});
