import { describe, expect, it } from 'vitest';
import { ownEngineSocket, planImageArgument } from '../../../src/engine/early-save.js';

describe('the early save: which command lines ask for one', () => {
  it('plan --image NAME, wherever the option stands, in either spelling', () => {
    expect(planImageArgument(['plan', 'app', '--image', 'app:latest'])).toBe('app:latest');
    expect(planImageArgument(['plan', '--image=ghcr.io/org/app:1', 'app', '--json'])).toBe('ghcr.io/org/app:1');
    expect(planImageArgument(['plan', '--image', 'a:1', '--image', 'b:2'])).toBe('b:2'); // the last wins, as in commander
  });

  it('no other command, no --help, nothing after --, and no name that cannot be an image', () => {
    expect(planImageArgument(['run', 'app', '--image', 'app:latest'])).toBeNull();
    expect(planImageArgument(['plan', 'app'])).toBeNull();
    expect(planImageArgument(['plan', '--image', 'app:1', '--help'])).toBeNull();
    expect(planImageArgument(['plan', '--', '--image', 'app:1'])).toBeNull();
    expect(planImageArgument(['plan', '--image', './out'])).toBeNull();
    expect(planImageArgument(['plan', '--image'])).toBeNull();
  });

  it('only on the own engine over a unix socket', () => {
    expect(ownEngineSocket({})).toBe('/var/run/docker.sock');
    expect(ownEngineSocket({ DOCKER_HOST: 'unix:///run/user/1000/docker.sock' })).toBe('/run/user/1000/docker.sock');
    expect(ownEngineSocket({ DOCKER_HOST: 'tcp://10.0.0.2:2375' })).toBeNull();
    expect(ownEngineSocket({ DOCKER_HOST: 'ssh://me@host' })).toBeNull();
  });
});
