import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig, type DflabConfig } from '../../../src/config/index.js';
import { UserError } from '../../../src/errors.js';

function issuesOf(text: string): { path: string; message: string }[] {
  try {
    parseConfig(text);
  } catch (e) {
    if (e instanceof ConfigError) return e.issues;
    throw e;
  }
  throw new Error('expected a ConfigError');
}

function errorOf(text: string): UserError {
  try {
    parseConfig(text);
  } catch (e) {
    if (e instanceof UserError) return e;
    throw e;
  }
  throw new Error('expected a UserError');
}

const DEFAULT_CONFIG: DflabConfig = {
  dockerfile: 'Dockerfile',
  context: '.',
  target: null,
  smoke: null,
  rules: { include: [], exclude: [], force: [] },
  bases: [],
  variants: [],
  prune: { keep: [] },
  onnx: null,
  rank: { objective: 'size' },
  buildArgs: {},
  secretBuildArgs: [],
  repeat: 1,
  zstd: false,
  builders: [],
};

describe('parseConfig: defaults and normalizing', () => {
  it.each(['', '# only a comment\n', '---\n'])('an empty document gives every default (%j)', (text) => {
    expect(parseConfig(text)).toEqual(DEFAULT_CONFIG);
  });

  it('null values mean "not set"', () => {
    expect(parseConfig('smoke:\nrules:\nbases: ~\n')).toEqual(DEFAULT_CONFIG);
  });

  it('fills command smoke defaults and keeps an argv command as given', () => {
    const config = parseConfig('smoke:\n  command: ["python3", "-c", "import app"]\n  expectStdout: "ok|ready"\n');
    expect(config.smoke).toEqual({
      kind: 'command', command: ['python3', '-c', 'import app'], expectExitCode: 0, expectStdout: 'ok|ready', timeoutSeconds: 60,
    });
  });

  it('runs a command string through sh -c', () => {
    expect(parseConfig('smoke: {command: "python app.py --check && echo ok"}').smoke).toEqual({
      kind: 'command', command: ['sh', '-c', 'python app.py --check && echo ok'], expectExitCode: 0, timeoutSeconds: 60,
    });
  });

  it('takes target as a stage name and refuses anything else', () => {
    expect(parseConfig('target: app-prod.1').target).toBe('app-prod.1');
    const e = errorOf('target: "my stage"');
    expect(e.where).toBe('dflab.yaml: target');
    expect(e.message).toContain('a stage name');
  });

  it('fills http smoke defaults and upper-cases the method', () => {
    expect(parseConfig('smoke: {http: {port: 8000, method: post, body: "{}"}, timeoutSeconds: 5}').smoke).toEqual({
      kind: 'http', port: 8000, path: '/', method: 'POST', body: '{}', expectStatus: 200, timeoutSeconds: 5,
    });
  });

  it('reads the full example of DESIGN.md "Contracts"', () => {
    const config = parseConfig(`
dockerfile: docker/Dockerfile
context: .
target: prod
smoke:
  command: ["python3", "-c", "import app"]
  expectExitCode: 0
  expectStdout: "ok|ready"
  timeoutSeconds: 60
rules: {include: [], exclude: [dockerignore]}
bases: [python:3.13-slim, python:3.13-alpine]
variants: [{name: slim-nocache, rules: [base-slim, pip-no-cache]}]
prune: {keep: [gunicorn]}
onnx: {export: "python3 export_onnx.py", artifact: /app/model.onnx, runtime: [onnxruntime], env: {MODEL_BACKEND: onnx}}
rank: {objective: balanced}
buildArgs: {PY: "3.10", WORKERS: 4, DEBUG: false}
secretBuildArgs: [PIP_TOKEN]
repeat: 3
zstd: true
builders: [default, {name: fleet-a, context: host-a}, {name: fleet-b}]
`);
    expect(config).toEqual({
      dockerfile: 'docker/Dockerfile',
      context: '.',
      target: 'prod',
      smoke: { kind: 'command', command: ['python3', '-c', 'import app'], expectExitCode: 0, expectStdout: 'ok|ready', timeoutSeconds: 60 },
      rules: { include: [], exclude: ['dockerignore'], force: [] },
      bases: ['python:3.13-slim', 'python:3.13-alpine'],
      variants: [{ name: 'slim-nocache', rules: ['base-slim', 'pip-no-cache'] }],
      prune: { keep: ['gunicorn'] },
      onnx: { export: 'python3 export_onnx.py', artifact: '/app/model.onnx', runtime: ['onnxruntime'], env: { MODEL_BACKEND: 'onnx' } },
      rank: { objective: 'balanced' },
      buildArgs: { PY: '3.10', WORKERS: '4', DEBUG: 'false' },
      secretBuildArgs: ['PIP_TOKEN'],
      repeat: 3,
      zstd: true,
      builders: [{ name: 'default', context: null }, { name: 'fleet-a', context: 'host-a' }, { name: 'fleet-b', context: null }],
    } satisfies DflabConfig);
  });

  it('defaults the onnx runtime to onnxruntime', () => {
    expect(parseConfig('onnx: {export: "python3 x.py", artifact: /m.onnx}').onnx).toEqual({
      export: 'python3 x.py', artifact: '/m.onnx', runtime: ['onnxruntime'], env: {},
    });
  });
});

describe('parseConfig: errors name the key and what is expected', () => {
  it('puts the key path in `where` and uses the usage exit code', () => {
    const error = errorOf('smoke: {http: {port: 70000}}');
    expect(error.where).toBe('dflab.yaml: smoke.http.port');
    expect(error.message).toBe('expected a port number from 1 to 65535, got 70000');
    expect(error.exitCode).toBe(2);
  });

  it('takes zstd as a boolean', () => {
    expect(errorOf('zstd: maybe').where).toBe('dflab.yaml: zstd');
  });

  it('takes repeat as a whole number of edit-rebuilds from 1 to 20', () => {
    expect(errorOf('repeat: 0').message).toBe('expected a number of edit-rebuilds from 1 to 20, got 0');
    expect(errorOf('repeat: 2.5').where).toBe('dflab.yaml: repeat');
  });

  it('takes builders as names or {name, context}, and says which entry is wrong', () => {
    expect(parseConfig('builders: [a, {name: b, context: ctx-b}]').builders).toEqual([{ name: 'a', context: null }, { name: 'b', context: 'ctx-b' }]);
    expect(errorOf('builders: []').message).toBe('expected a non-empty list of buildx builders, got an empty list');
    expect(errorOf('builders: [{name: b, ctx: x}]').where).toMatch(/^dflab\.yaml: builders\[0\]/);
    expect(errorOf('builders: ["two words"]').where).toBe('dflab.yaml: builders[0]');
  });

  it('uses the file name it is given', () => {
    expect(errorOf('rank: {objective: speed}').where).toBe('dflab.yaml: rank.objective');
    expect(() => parseConfig('rank: {objective: speed}', 'sub/dflab.yaml')).toThrow(expect.objectContaining({ where: 'sub/dflab.yaml: rank.objective' }));
  });

  it('lists every bad key, one error each, in the message', () => {
    const text = [
      'smoke:',
      '  expectExitCode: 300',
      '  command: []',
      '  timeoutSeconds: 0',
      'rank: {objective: speed}',
      'bases: ["python 3"]',
      'smok: {}',
    ].join('\n');
    expect(issuesOf(text)).toEqual([
      { path: 'smoke.command', message: 'expected a command string (run with sh -c) or a non-empty list of strings, got an empty list' },
      { path: 'smoke.expectExitCode', message: 'expected an exit code from 0 to 255, got 300' },
      { path: 'smoke.timeoutSeconds', message: 'expected a number of seconds above 0 and at most 3600, got 0' },
      { path: 'bases[0]', message: 'expected an image reference such as "python:3.13-slim", got "python 3"' },
      { path: 'rank.objective', message: 'expected one of size, compressed, build, balanced, got "speed"' },
      { path: 'smok', message: expect.stringMatching(/^unknown key; did you mean "smoke"\? expected one of: dockerfile, context, smoke,/) },
    ]);
    const error = errorOf(text);
    expect(error.message.split('\n')).toHaveLength(6);
    expect(error.message).toContain('  dflab.yaml: rank.objective: expected one of size, compressed, build, balanced, got "speed"');
  });

  it('rejects unknown keys at any depth and suggests the near miss', () => {
    expect(issuesOf('smoke: {http: {port: 8000, expectStaus: 200}}')).toEqual([
      { path: 'smoke.http.expectStaus', message: 'unknown key; did you mean "expectStatus"? expected one of: port, path, method, body, expectStatus, expectBody' },
    ]);
    expect(issuesOf('variants: [{name: a, rules: [base-slim], extra: 1}]')).toEqual([
      { path: 'variants[0].extra', message: 'unknown key; expected one of: name, rules' },
    ]);
  });

  it('checks that regexes compile', () => {
    expect(issuesOf('smoke: {command: x, expectStdout: "ok("}')).toEqual([
      { path: 'smoke.expectStdout', message: 'expected a regular expression, got "ok(" (Unterminated group)' },
    ]);
    expect(issuesOf('smoke: {http: {port: 80, expectBody: "[a"}}')).toEqual([
      { path: 'smoke.http.expectBody', message: 'expected a regular expression, got "[a" (Unterminated character class)' },
    ]);
  });

  it.each([
    ['0', 'got 0'], ['65536', 'got 65536'], ['80.5', 'got 80.5'], ['"8000"', 'expected a number, got "8000"'],
  ])('refuses port %s', (port, message) => {
    const [issue] = issuesOf(`smoke: {http: {port: ${port}}}`);
    expect(issue?.path).toBe('smoke.http.port');
    expect(issue?.message).toContain(message);
  });

  it('requires a port for an http probe and a path starting with /', () => {
    expect(issuesOf('smoke: {http: {path: health}}')).toEqual([
      { path: 'smoke.http.port', message: 'is required (expected a number)' },
      { path: 'smoke.http.path', message: 'expected a URL path starting with "/", got "health"' },
    ]);
  });

  it('smoke is a command or an http probe, not both and not neither', () => {
    expect(issuesOf('smoke: {command: "true", http: {port: 80}}')).toEqual([
      { path: 'smoke', message: 'has both command and http; a smoke test is either a command or an HTTP probe, not both' },
    ]);
    expect(issuesOf('smoke: {timeoutSeconds: 5}')).toEqual([
      { path: 'smoke', message: 'needs either command (a command to run) or http (a probe)' },
    ]);
  });

  it('refuses command-only keys on an http probe, and a body on GET', () => {
    expect(issuesOf('smoke: {http: {port: 80, body: x}, expectExitCode: 0}')).toEqual([
      { path: 'smoke.expectExitCode', message: expect.stringContaining('applies to a command smoke test only') },
      { path: 'smoke.http.body', message: 'a GET request cannot carry a body; use method POST (or another) or drop the body' },
    ]);
  });

  it('checks variant names: format, reserved, unique', () => {
    expect(issuesOf('variants: [{name: Slim Fast, rules: [base-slim]}, {name: original, rules: [base-slim]}, {name: x, rules: []}]')).toEqual([
      { path: 'variants[0].name', message: expect.stringContaining('expected a name of lowercase letters, digits') },
      { path: 'variants[1].name', message: '"original" is reserved for the unchanged Dockerfile; choose another name' },
      { path: 'variants[2].rules', message: 'expected a non-empty list of rule ids, got an empty list' },
    ]);
    expect(issuesOf('variants: [{name: a, rules: [base-slim]}, {name: a, rules: [pip-no-cache]}]')).toEqual([
      { path: 'variants[1].name', message: '"a" is used by an earlier variant; names must be unique' },
    ]);
  });

  it('refuses a rule both included and excluded', () => {
    expect(issuesOf('rules: {include: [base-slim], exclude: [base-slim]}')).toEqual([
      { path: 'rules.exclude[0]', message: '"base-slim" is also in rules.include; keep it in one list' },
    ]);
  });

  it('takes rules.force for the rules that can be forced, and refuses the others or an excluded one', () => {
    expect(parseConfig('rules: {force: [base-alpine]}').rules.force).toEqual(['base-alpine']);
    expect(issuesOf('rules: {force: [base-slim]}')).toEqual([{ path: 'rules.force[0]', message: '"base-slim" cannot be forced; rules.force takes base-alpine' }]);
    expect(issuesOf('rules: {exclude: [base-alpine], force: [base-alpine]}')).toEqual([
      { path: 'rules.force[0]', message: '"base-alpine" is also in rules.exclude; an excluded rule is never planned' },
    ]);
  });

  it('reports a YAML syntax error with line:col', () => {
    const error = errorOf('smoke:\n  command: x\n  command: y\n');
    expect(error).not.toBeInstanceOf(ConfigError);
    expect(error.where).toBe('dflab.yaml:3:3');
    expect(error.message).toMatch(/^invalid YAML: Map keys must be unique\n/);
  });

  it('refuses a document that is not a mapping', () => {
    expect(issuesOf('- a\n- b\n')).toEqual([{ path: '', message: 'expected a mapping of settings (key: value), got a list' }]);
    expect(errorOf('just text').where).toBe('dflab.yaml');
  });
});

describe('parseConfig: build args', () => {
  it('refuses floats (YAML would turn 3.10 into 3.1) and bad names', () => {
    expect(issuesOf('buildArgs: {PY: 3.10, "not ok": x}')).toEqual([
      { path: 'buildArgs.PY', message: 'expected a string (quote numbers such as "3.10" so YAML keeps them as written)' },
      { path: 'buildArgs["not ok"]', message: 'expected a build arg name (letters, digits, "_"), got "not ok"' },
    ]);
  });

  it('never prints a build arg value', () => {
    for (const text of ['buildArgs: {TOKEN: [hunter2-secret]}', 'buildArgs: {TOKEN: {v: hunter2-secret}}', 'buildArgs: hunter2-secret']) {
      const error = errorOf(text);
      expect(`${error.where} ${error.message} ${error.hint}`).not.toContain('hunter2');
    }
  });

  it('refuses a secret build arg whose value is in dflab.yaml', () => {
    expect(issuesOf('buildArgs: {TOKEN: abc}\nsecretBuildArgs: [TOKEN]')).toEqual([
      { path: 'secretBuildArgs[0]', message: "TOKEN is also in buildArgs; a secret's value comes from the environment variable TOKEN, never from dflab.yaml" },
    ]);
  });
});
