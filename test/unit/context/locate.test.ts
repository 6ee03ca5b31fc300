// Finding the Dockerfile: DIR or a Dockerfile path, -f, Compose services, and the candidates of a project without one.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { normalizeConfig } from '../../../src/config/normalize.js';
import { locateDockerfile, projectArgument } from '../../../src/context/locate.js';
import { EXIT } from '../../../src/errors.js';

const DF = 'FROM python:3.12\nRUN pip install flask\n';

function project(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'dflab-locate-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

const defaults = () => normalizeConfig({});
const COMPOSE = 'services:\n  web:\n    build: ./web\n  worker:\n    build: {context: worker, dockerfile: worker.Dockerfile, target: prod, args: {A: "1"}}\n  db: {image: postgres}\n';

describe('projectArgument', () => {
  it('a directory is the project; -f is taken relative to the current directory', async () => {
    const dir = project({ 'Dockerfile.prod': DF });
    expect(await projectArgument(dir)).toEqual({ dir });
    expect(await projectArgument(dir, relative(process.cwd(), join(dir, 'Dockerfile.prod')))).toEqual({ dir, file: join(dir, 'Dockerfile.prod') });
  });

  it('a Dockerfile path: the project is its directory', async () => {
    const dir = project({ 'docker/prod.Dockerfile': DF });
    expect(await projectArgument(join(dir, 'docker/prod.Dockerfile'))).toEqual({ dir: join(dir, 'docker'), file: join(dir, 'docker/prod.Dockerfile') });
  });

  it('a path that does not exist says "no such directory", a missing -f "no such file"', async () => {
    const dir = project({});
    await expect(projectArgument(join(dir, 'nope'))).rejects.toThrow(expect.objectContaining({ message: `no such directory: ${join(dir, 'nope')}`, exitCode: EXIT.usage }));
    await expect(projectArgument(dir, join(dir, 'Dockerfile'))).rejects.toThrow(`-f ${join(dir, 'Dockerfile')}: no such file`);
  });
});

describe('locateDockerfile', () => {
  it('keeps the config when its Dockerfile is there, or when -f chose one', async () => {
    const dir = project({ Dockerfile: DF, 'compose.yaml': COMPOSE });
    expect(await locateDockerfile(dir, defaults(), {})).toEqual(defaults());
    expect(await locateDockerfile(project({}), defaults(), { file: '/x/Dockerfile' })).toEqual(defaults());
  });

  it('names Dockerfile.prod, prod.Dockerfile and docker/Dockerfile, and says to pick one with -f', async () => {
    const dir = project({ 'Dockerfile.prod': DF, 'prod.Dockerfile': DF, 'docker/Dockerfile': DF, 'Dockerfile.dockerignore': '.git\n', 'app.py': '' });
    await expect(locateDockerfile(dir, defaults(), {})).rejects.toThrow(expect.objectContaining({
      message: expect.stringMatching(/^no Dockerfile in .*; found Dockerfile\.prod, prod\.Dockerfile, docker\/Dockerfile$/),
      hint: expect.stringContaining('pick one with -f'),
    }));
  });

  it('lists the Compose services that build, with their contexts, and says to pick one with --service', async () => {
    const dir = project({ 'compose.yaml': COMPOSE, 'web/Dockerfile': DF, 'worker/worker.Dockerfile': DF });
    await expect(locateDockerfile(dir, defaults(), {})).rejects.toThrow(expect.objectContaining({
      message: expect.stringMatching(/; compose\.yaml builds web \(context \.\/web\), worker \(context worker, dockerfile worker\.Dockerfile, target prod\)$/),
      hint: expect.stringMatching(/^pick a service with --service web, or a Dockerfile with -f \(web\/Dockerfile, worker\/worker\.Dockerfile\)$/),
    }));
  });

  it('--service takes context, Dockerfile, target and args from the entry (dflab.yaml\'s build args win)', async () => {
    const dir = project({ 'docker-compose.yml': COMPOSE });
    const config = { ...defaults(), buildArgs: { B: '2' } };
    const c = await locateDockerfile(dir, config, { service: 'worker' });
    expect([c.context, c.dockerfile, c.target, c.buildArgs]).toEqual([join(dir, 'worker'), join(dir, 'worker/worker.Dockerfile'), 'prod', { A: '1', B: '2' }]);
    const web = await locateDockerfile(dir, defaults(), { service: 'web' });
    expect([web.context, web.dockerfile, web.target]).toEqual([join(dir, 'web'), join(dir, 'web/Dockerfile'), null]);
  });

  it('an unknown service: did you mean, and the services that build; no Compose file: says where it looked', async () => {
    const dir = project({ 'compose.yaml': COMPOSE });
    await expect(locateDockerfile(dir, defaults(), { service: 'wroker' })).rejects.toThrow(expect.objectContaining({
      message: '--service wroker: no such service with a build: entry in compose.yaml; did you mean "worker"?', hint: 'services that build: web, worker',
    }));
    await expect(locateDockerfile(project({ Dockerfile: DF }), defaults(), { service: 'web' })).rejects.toThrow(/^--service web: no Compose file in /);
    await expect(locateDockerfile(dir, defaults(), { service: 'web', file: '/x' })).rejects.toThrow('-f and --service both choose the Dockerfile');
  });
});
