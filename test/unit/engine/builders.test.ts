// Several builders: which engine each builder's images land in, and how the docker CLI and dockerode reach it.
// The inspect texts are captured from this lab (scripts/engine-second-up.sh's builder and context).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { distinctEndpoints, pairBuilder, parseNodeEndpoint, requireEngines, type BuilderTarget } from '../../../src/engine/builders.js';
import { parseBuildxInspect } from '../../../src/engine/buildx.js';
import { OWN_ENGINE, dockerodeOptions, endpointEnv, parseContextInspect } from '../../../src/engine/endpoint.js';
import { root } from '../../helpers/cli.js';

const fixture = (name: string) => readFileSync(join(root, 'test/fixtures/buildx', name), 'utf8');
const spec = (context: string | null = null) => ({ name: 'b', context });

describe('a builder paired with the engine it loads into', () => {
  it('reads the first node\'s endpoint from `docker buildx inspect`', () => {
    const text = fixture('inspect-docker-driver.txt');
    expect(parseBuildxInspect(text)).toEqual({ builder: 'dflab-second', driver: 'docker' });
    expect(parseNodeEndpoint(text)).toBe('dflab-second');
    expect(parseNodeEndpoint('Name: x\nDriver: remote\n\nNodes:\nName: x0\nEndpoint: tcp://buildkitd:1234\nStatus: running\n')).toBe('tcp://buildkitd:1234');
    expect(parseNodeEndpoint('Name: x\nDriver: docker\n')).toBeNull();
  });

  it('a docker or docker-container builder loads into its node\'s context; "default" is the process\'s own engine', () => {
    expect(pairBuilder(spec(), 'b', 'docker', 'dflab-second')).toEqual({ kind: 'context', context: 'dflab-second' });
    expect(pairBuilder(spec(), 'b', 'docker-container', 'ctx-a')).toEqual({ kind: 'context', context: 'ctx-a' });
    expect(pairBuilder(spec(), 'b', 'docker-container', 'unix:///run/other.sock')).toEqual({ kind: 'host', host: 'unix:///run/other.sock' });
    expect(pairBuilder(spec(), 'default', 'docker', 'default')).toEqual({ kind: 'own' });
  });

  it('a remote or kubernetes builder loads into the context dflab.yaml names, else the process\'s own engine', () => {
    expect(pairBuilder(spec('engine-a'), 'b', 'remote', 'tcp://buildkitd:1234')).toEqual({ kind: 'context', context: 'engine-a' });
    expect(pairBuilder(spec(), 'b', 'remote', 'tcp://buildkitd:1234')).toEqual({ kind: 'own' });
    expect(pairBuilder(spec(), 'b', 'kubernetes', 'kubernetes:///b?deployment=b0')).toEqual({ kind: 'own' });
  });

  it('refuses a context a docker-driver builder cannot load into', () => {
    expect(pairBuilder(spec('ctx-b'), 'b', 'docker', 'ctx-a')).toEqual({ kind: 'mismatch', message: 'builder b (docker driver) loads into context ctx-a, not ctx-b' });
    expect(pairBuilder(spec('ctx-a'), 'b', 'docker', 'ctx-a')).toEqual({ kind: 'context', context: 'ctx-a' });
  });
});

describe('reaching an engine', () => {
  it('reads a context\'s host and TLS folder from `docker context inspect`', () => {
    expect(parseContextInspect(fixture('context-inspect.json'))).toEqual({ context: 'dflab-second', host: 'unix:///var/run/dflab-second.sock' });
    const tls = JSON.stringify([{ Name: 'c', Endpoints: { docker: { Host: 'tcp://h:2376' } }, TLSMaterial: { docker: ['ca.pem', 'cert.pem', 'key.pem'] }, Storage: { TLSPath: '/x/tls/abc' } }]);
    expect(parseContextInspect(tls)).toEqual({ context: 'c', host: 'tcp://h:2376', tlsDir: '/x/tls/abc/docker' });
    expect(() => parseContextInspect('[{"Name":"k","Endpoints":{}}]')).toThrow('no docker endpoint');
  });

  it('the docker CLI reaches a context by name (DOCKER_HOST cleared), a bare address by DOCKER_HOST, its own engine unchanged', () => {
    expect(endpointEnv(undefined)).toBeUndefined();
    expect(endpointEnv(OWN_ENGINE)).toBeUndefined();
    expect(endpointEnv({ context: 'dflab-second', host: 'unix:///var/run/dflab-second.sock' })).toEqual({ DOCKER_CONTEXT: 'dflab-second', DOCKER_HOST: '' });
    expect(endpointEnv({ context: null, host: 'tcp://h:2376', tlsDir: '/t' })).toEqual({ DOCKER_HOST: 'tcp://h:2376', DOCKER_CONTEXT: '', DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: '/t' });
  });

  it('dockerode connects by socket path, tcp (https on 2376) or ssh', () => {
    expect(dockerodeOptions('unix:///var/run/dflab-second.sock')).toEqual({ socketPath: '/var/run/dflab-second.sock' });
    expect(dockerodeOptions('tcp://10.0.0.5:2375')).toEqual({ protocol: 'http', host: '10.0.0.5', port: '2375' });
    expect(dockerodeOptions('tcp://10.0.0.5:2376')).toMatchObject({ protocol: 'https' });
    expect(dockerodeOptions('ssh://me@build-host')).toEqual({ protocol: 'ssh', host: 'build-host', port: 22, username: 'me' });
    expect(() => dockerodeOptions('npipe:////./pipe/docker_engine')).toThrow('unsupported Docker host');
  });

  it('each engine is cleaned and pinged once, and one that does not answer is named', async () => {
    const second = { context: 'dflab-second', host: 'unix:///s.sock' };
    const targets: BuilderTarget[] = [
      { name: 'default', driver: 'docker', endpoint: OWN_ENGINE },
      { name: 'dflab-second', driver: 'docker', endpoint: second },
      { name: 'on-second', driver: 'docker-container', endpoint: second },
    ];
    expect(distinctEndpoints(targets)).toEqual([OWN_ENGINE, second]);
    await expect(requireEngines(targets, async (e) => (e.host ? 'connect ENOENT /s.sock' : null)))
      .rejects.toThrow('the Docker engine of builder dflab-second (unix:///s.sock) does not answer (connect ENOENT /s.sock)');
  });
});
