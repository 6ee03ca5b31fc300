// The GitHub Action's pure parts: action.yml against what the entry reads and writes, the inputs → command lines,
// and the $GITHUB_OUTPUT and event-payload formats.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { formatOutputs, parseOutputs, readEvent, runUrl } from '../../../src/action/github.js';
import { ACTION_INPUTS, ACTION_OUTPUTS, checkArgs, inputEnvName, readInputs, runArgs } from '../../../src/action/inputs.js';
import { UserError } from '../../../src/errors.js';
import { root } from '../../helpers/cli.js';

interface ActionYml {
  inputs: Record<string, { description: string; default?: string }>;
  outputs: Record<string, { description: string; value: string }>;
  runs: { using: string; steps: { id?: string; uses?: string; run?: string; shell?: string; env?: Record<string, string>; 'working-directory'?: string }[] };
}

const action = parse(readFileSync(join(root, 'action.yml'), 'utf8')) as ActionYml;

describe('action.yml', () => {
  const entry = action.runs.steps.find((s) => s.id === 'dflab')!;

  it('is a composite action that builds dflab from its own checkout and runs the entry script', () => {
    expect(action.runs.using).toBe('composite');
    const build = action.runs.steps.find((s) => s.run?.includes('npm ci'))!;
    expect(build['working-directory']).toBe('${{ github.action_path }}');
    expect(build.run).toContain('npm run build');
    expect(entry.run).toBe('node "$GITHUB_ACTION_PATH/dist/action/main.js"');
    for (const step of action.runs.steps.filter((s) => s.run)) expect(step.shell).toBe('bash');
  });

  it('declares exactly the inputs the entry reads, each passed in the env var it reads', () => {
    expect(Object.keys(action.inputs).sort()).toEqual([...ACTION_INPUTS].sort());
    expect(entry.env).toEqual(Object.fromEntries(ACTION_INPUTS.map((name) => [inputEnvName(name), `\${{ inputs.${name} }}`])));
    for (const [name, input] of Object.entries(action.inputs)) expect(input.description, name).not.toBe('');
  });

  it('declares exactly the outputs the entry sets, each read from the entry step', () => {
    expect(Object.keys(action.outputs).sort()).toEqual([...ACTION_OUTPUTS].sort());
    for (const [name, output] of Object.entries(action.outputs)) expect(output.value).toBe(`\${{ steps.dflab.outputs.${name} }}`);
  });
});

describe('inputs', () => {
  const env = (values: Record<string, string>) => Object.fromEntries(Object.entries(values).map(([k, v]) => [inputEnvName(k), v]));

  it('become dflab run\'s flags, lists comma- or newline-separated', () => {
    const inputs = readInputs({ ...env({ project: 'svc', rules: 'base-slim,\n multi-stage\n', bases: 'python:3.13-slim', objective: 'build', 'out-dir': '/o' }) });
    expect(runArgs(inputs, '')).toEqual(['run', 'svc', '--out', '/o', '--rules', 'base-slim,multi-stage', '--bases', 'python:3.13-slim', '--objective', 'build']);
    expect(checkArgs(inputs)).toBeNull();
  });

  it('default to the workspace, a fresh out dir under $RUNNER_TEMP (one per comment key) and the dflab-report artifact', () => {
    const inputs = readInputs({ RUNNER_TEMP: '/rt', ...env({ 'comment-key': 'services/api', project: '', objective: '  ' }) });
    expect(inputs).toMatchObject({ project: '.', outDir: '/rt/dflab-out-services-api', artifactName: 'dflab-report', objective: null, budget: null, checkVariant: 'original' });
    expect(runArgs(inputs, '')).toEqual(['run', '.', '--out', '/rt/dflab-out-services-api']);
  });

  it('pass the budget through only when dflab run --help lists --budget, and refuse it otherwise', () => {
    const inputs = readInputs({ ...env({ budget: '20m', 'out-dir': '/o' }) });
    expect(runArgs(inputs, 'Options:\n  --budget <duration>  stop planning new builds after this long\n')).toEqual(['run', '.', '--out', '/o', '--budget', '20m']);
    expect(() => runArgs(inputs, 'Options:\n  --out <dir>  where to write\n')).toThrow(UserError);
    expect(() => runArgs(inputs, 'Options:\n  --out <dir>  the budget of …\n')).toThrow(/budget input \(20m\) is set, but this dflab's `run` has no --budget flag/);
  });

  it('thresholds make a dflab check on the out dir, of original unless check-variant says otherwise', () => {
    const inputs = readInputs(env({ 'max-size': '1.5GB', 'min-efficiency': '0.95', 'check-variant': 'base-slim', 'out-dir': '/o' }));
    expect(checkArgs(inputs)).toEqual(['check', '/o', '--variant', 'base-slim', '--max-size', '1.5GB', '--min-efficiency', '0.95', '--json']);
  });
});

describe('$GITHUB_OUTPUT', () => {
  it('writes one-line values as name=value and multi-line ones in the name<<DELIMITER form, and reads both back', () => {
    const outputs = { recommended: 'base-slim', 'check-report': 'size 2 GB exceeds 1.5 GB\nwasted 80 MB exceeds 50 MB', empty: '' };
    const text = formatOutputs(outputs, 'EOF_1');
    expect(text).toBe('recommended=base-slim\ncheck-report<<EOF_1\nsize 2 GB exceeds 1.5 GB\nwasted 80 MB exceeds 50 MB\nEOF_1\nempty=\n');
    expect(parseOutputs(text)).toEqual(outputs);
    expect(parseOutputs(formatOutputs(outputs))).toEqual(outputs);
  });

  it('never writes a value that holds its delimiter', () => {
    expect(() => formatOutputs({ x: 'a\nEOF_1\nb' }, 'EOF_1')).toThrow(/delimiter/);
  });
});

describe('the event payload', () => {
  it('gives the PR number and its head commit, else GITHUB_SHA', () => {
    const pr = JSON.stringify({ pull_request: { number: 42, head: { sha: 'abc' } } });
    expect(readEvent(pr, { GITHUB_SHA: 'merge' })).toEqual({ number: 42, sha: 'abc' });
    expect(readEvent(JSON.stringify({ ref: 'refs/heads/main' }), { GITHUB_SHA: 'def' })).toEqual({ number: null, sha: 'def' });
    expect(readEvent(null, {})).toEqual({ number: null, sha: null });
    expect(readEvent('not json', {})).toEqual({ number: null, sha: null });
  });

  it('links the workflow run when Actions says which it is', () => {
    expect(runUrl({ GITHUB_SERVER_URL: 'https://github.com', GITHUB_REPOSITORY: 'acme/app', GITHUB_RUN_ID: '7' })).toBe('https://github.com/acme/app/actions/runs/7');
    expect(runUrl({})).toBeNull();
  });
});
