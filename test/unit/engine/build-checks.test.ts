// BuildKit's build checks: the JSON parse, the command line, the buildx version gate, and the
// de-duplication against dflab's own engine-less checks (by BuildKit's rule name and line).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildChecksArgs, buildxHasCall, parseCheckResults } from '../../../src/engine/build-checks.js';
import { buildChecks, parseDockerfile, withoutBuildKitDuplicates } from '../../../src/dockerfile/index.js';

const fixtures = join(import.meta.dirname, '../../fixtures/build-checks');
const read = (name: string) => readFileSync(join(fixtures, name), 'utf8');

describe('parseCheckResults', () => {
  it('reads each warning with its rule name, detail, url and lines, in BuildKit\'s order', () => {
    const { findings, buildError } = parseCheckResults(read('lint-results.json'));
    expect(buildError).toBeNull();
    expect(findings.map((f) => [f.rule, f.lines])).toEqual([['FromAsCasing', [1]], ['ConsistentInstructionCasing', [4]], ['JSONArgsRecommended', [6]]]);
    expect(findings[2]!.url).toBe('https://docs.docker.com/go/dockerfile/rule/json-args-recommended/');
    expect(findings[0]!.detail).toContain("'as' and 'FROM'");
  });

  it('reads a Dockerfile BuildKit cannot parse as a build error, with no warnings', () => {
    expect(parseCheckResults(read('lint-results-error.json'))).toEqual({ findings: [], buildError: 'dockerfile parse error on line 2: unknown instruction: FOO' });
  });

  it('rejects what is not BuildKit\'s LintResults (a build log, a warning without a rule name)', () => {
    expect(() => parseCheckResults('#1 [internal] load build definition from Dockerfile')).toThrow();
    expect(() => parseCheckResults('{"warnings": [{"detail": "x"}]}')).toThrow();
  });
});

describe('buildxHasCall', () => {
  it('is true from buildx 0.15 on, false for the 0.13 Debian ships', () => {
    expect(buildxHasCall('0.13.1+ds1')).toBe(false);
    expect(buildxHasCall('0.14.1')).toBe(false);
    expect(buildxHasCall('0.15.0')).toBe(true);
    expect(buildxHasCall('v0.17.1-desktop.1')).toBe(true);
    expect(buildxHasCall('1.0.0')).toBe(true);
    expect(buildxHasCall('unknown')).toBe(false);
  });
});

describe('buildChecksArgs', () => {
  it('asks for the check call as JSON on the given Dockerfile and context, on the builder asked for', () => {
    expect(buildChecksArgs('/p/Dockerfile', '/p')).toEqual(['buildx', 'build', '--call=check,format=json', '-f', '/p/Dockerfile', '/p']);
    expect(buildChecksArgs('/p/Dockerfile', '/p', 'b1').slice(2, 4)).toEqual(['--builder', 'b1']);
  });
});

describe('withoutBuildKitDuplicates', () => {
  it('drops our warning when BuildKit reports the same rule on the same line, keeps the rest', () => {
    const own = buildChecks(parseDockerfile(read('Dockerfile')));
    const ours = own.map((w) => [w.code, w.line]);
    expect(ours).toContainEqual(['JSONArgsRecommended', 6]);
    const kept = withoutBuildKitDuplicates(own, parseCheckResults(read('lint-results.json')).findings);
    expect(kept.map((w) => [w.code, w.line])).not.toContainEqual(['JSONArgsRecommended', 6]);
    expect(withoutBuildKitDuplicates(own, [{ rule: 'JSONArgsRecommended', lines: [5] }])).toEqual(own);
  });
});
