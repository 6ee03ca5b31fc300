// The one results.json reader: what dflab wrote reads back as written; anything else is a usage error (exit 2)
// that names the file and the key.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXIT, UserError } from '../../../src/errors.js';
import { parseResults, readResults, readResultsFile } from '../../../src/run/results-file.js';
import { fixtureRun } from '../report/fixture.js';

const FILE = '/runs/x/results.json';
const written = () => JSON.parse(JSON.stringify(fixtureRun().results)) as Record<string, unknown> & { variants: Record<string, unknown>[] };

/** The UserError parseResults throws for `data`, as the CLI prints it. */
function refusal(data: unknown): UserError {
  try {
    parseResults(typeof data === 'string' ? data : JSON.stringify(data), FILE);
  } catch (e) {
    expect(e).toBeInstanceOf(UserError);
    expect((e as UserError).exitCode).toBe(EXIT.usage);
    return e as UserError;
  }
  throw new Error('parseResults accepted it');
}

describe('parseResults', () => {
  it('reads back what dflab writes, unchanged', () => {
    const results = fixtureRun().results;
    expect(parseResults(JSON.stringify(results, null, 2), FILE)).toEqual(results);
  });

  it('reads the spreads a --repeat run writes, and files written before spreads were recorded', () => {
    const withSpreads = written();
    const build = withSpreads.variants[0]!['build'] as Record<string, unknown>;
    Object.assign(build, { coldSpreadSeconds: 0.4, warmSamples: [6.1, 6.4, 6.2], warmSpreadSeconds: 0.15 });
    Object.assign(withSpreads['selection'] ?? (withSpreads['selection'] = { rules: null, skipRules: null, bases: null, objective: null, exactCold: false }), { repeat: 3 });
    const read = parseResults(JSON.stringify(withSpreads), FILE);
    expect(read.variants[0]!.build).toMatchObject({ coldSpreadSeconds: 0.4, warmSamples: [6.1, 6.4, 6.2], warmSpreadSeconds: 0.15 });
    expect(read.selection?.repeat).toBe(3);
    // The fixture is an older file: no spread fields at all.
    expect(JSON.stringify(written())).not.toMatch(/Spread|warmSamples|repeat/);
    expect(() => parseResults(JSON.stringify(written()), FILE)).not.toThrow();
    const e = refusal({ ...withSpreads, variants: [{ ...withSpreads.variants[0], build: { ...build, warmSamples: ['6.1'] } }] });
    expect(e.where).toBe(`${FILE}: variants[0].build.warmSamples[0]`);
  });

  it('corrupt JSON: names the file', () => {
    const e = refusal('{"schemaVersion": 1, "variants": [');
    expect(e.where).toBe(FILE);
    expect(e.message).toMatch(/^not valid JSON/);
  });

  it('a newer schemaVersion: says so, at the key', () => {
    const e = refusal({ ...written(), schemaVersion: 2 });
    expect(e.where).toBe(`${FILE}: schemaVersion`);
    expect(e.message).toBe('schemaVersion 2 is newer than this dflab reads (1)');
  });

  it('a wrong or missing schemaVersion: the key and what is expected', () => {
    expect(refusal({ ...written(), schemaVersion: 0 }).describe()).toMatch(`${FILE}: schemaVersion: expected 1, got 0`);
    expect(refusal({ ...written(), schemaVersion: '1' }).where).toBe(`${FILE}: schemaVersion`);
    const { schemaVersion: _, ...without } = written();
    expect(refusal(without).where).toBe(`${FILE}: schemaVersion`);
  });

  it('a missing field: the key path into the variants', () => {
    const data = written();
    delete data.variants[2]!['outcome'];
    const e = refusal(data);
    expect(e.where).toBe(`${FILE}: variants[2].outcome`);
    expect(e.message).toMatch(/^is required/);
  });

  it('a mistyped field: the key, what was expected and what was there', () => {
    const data = written();
    data.variants[0]!['sizeBytes'] = 'big';
    data['runId'] = 7;
    const e = refusal(data);
    expect(e.where).toBe(`${FILE}: runId`);
    expect(e.message).toBe('expected a string, got 7 (and 1 more problem)');
    expect(refusal({ ...written(), engine: null }).where).toBe(`${FILE}: engine`);
  });

  it('an unknown outcome, and a name or path that would leave the out dir', () => {
    const outcome = written();
    outcome.variants[1]!['outcome'] = 'exploded';
    expect(refusal(outcome).describe()).toMatch(`${FILE}: variants[1].outcome: expected one of ok, build-failed, smoke-failed, base-unavailable, skipped`);
    const name = written();
    name.variants[0]!['name'] = '../../etc';
    expect(refusal(name).where).toBe(`${FILE}: variants[0].name`);
    const path = written();
    path.variants[3]!['patch'] = '../../outside.patch';
    expect(refusal(path).where).toBe(`${FILE}: variants[3].patch`);
  });

  it('not an object at all: names the file', () => {
    expect(refusal([]).where).toBe(FILE);
  });
});

describe('readResults', () => {
  it('reads OUT/results.json; a missing one is a usage error naming the path', async () => {
    const out = mkdtempSync(join(tmpdir(), 'dflab-results-'));
    await expect(readResults(out)).rejects.toMatchObject({ exitCode: EXIT.usage, message: `no results.json in ${out}` });
    writeFileSync(join(out, 'results.json'), JSON.stringify(fixtureRun().results));
    expect((await readResults(out)).runId).toBe('20250101-120000-abc123');
    mkdirSync(join(out, 'dir.json'));
    await expect(readResultsFile(join(out, 'dir.json'))).rejects.toMatchObject({ exitCode: EXIT.usage, where: join(out, 'dir.json') });
  });
});
