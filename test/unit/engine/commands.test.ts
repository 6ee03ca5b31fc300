import { describe, expect, it } from 'vitest';
import { buildxBuildArgs, parseBuildxInspect, parseBuildxVersion } from '../../../src/engine/buildx.js';
import { demuxDockerLogs } from '../../../src/engine/logs.js';
import { containerSpec } from '../../../src/engine/smoke.js';
import { imageTag, newRunId } from '../../../src/run/ids.js';

describe('command lines as data', () => {
  it('builds the buildx command with rawjson progress, metadata file, load, tag and run label', () => {
    expect(buildxBuildArgs({
      contextDir: '/p', dockerfile: '/o/Dockerfile', tag: 'dflab-p:r-original', runId: 'r', logFile: '/o/l', metadataFile: '/o/m.json',
      buildArgs: { A: '1' }, networkHost: true, builder: 'fleet',
    })).toEqual([
      'buildx', 'build', '--builder', 'fleet', '--progress=rawjson', '--metadata-file', '/o/m.json', '--load', '-t', 'dflab-p:r-original',
      '-f', '/o/Dockerfile', '--label', 'dflab.run=r', '--build-arg', 'A=1', '--network', 'host', '/p',
    ]);
  });

  it('passes --target when the build targets a stage other than the last', () => {
    const args = buildxBuildArgs({ contextDir: '/p', dockerfile: '/o/Dockerfile', tag: 't', runId: 'r', logFile: '/o/l', metadataFile: '/o/m.json', target: 'prod' });
    expect(args.slice(args.indexOf('--target'), args.indexOf('--target') + 2)).toEqual(['--target', 'prod']);
    expect(args[args.length - 1]).toBe('/p');
    expect(buildxBuildArgs({ contextDir: '/p', dockerfile: '/o/Dockerfile', tag: 't', runId: 'r', logFile: '/o/l', metadataFile: '/o/m.json' })).not.toContain('--target');
  });

  it('parses buildx version and inspect output', () => {
    expect(parseBuildxVersion('github.com/docker/buildx 0.13.1+ds1 0.13.1+ds1-3\n')).toBe('0.13.1+ds1');
    expect(parseBuildxVersion('github.com/docker/buildx v0.17.1 257815a')).toBe('0.17.1');
    expect(parseBuildxInspect('Name:          default\nDriver:        docker\n\nNodes:\nName: default\n')).toEqual({ builder: 'default', driver: 'docker' });
  });

  it('isolates command smoke containers from the network and publishes HTTP ports on loopback only', () => {
    const cmd = containerSpec({ image: 'i', runId: 'r', spec: { kind: 'command', command: ['python', '-c', 'x'], expectExitCode: 0, timeoutSeconds: 5 } });
    expect(cmd.HostConfig?.NetworkMode).toBe('none');
    expect(cmd.Labels).toEqual({ 'dflab.run': 'r', 'dflab.role': 'smoke' });
    expect(cmd.Entrypoint).toEqual(['python']);
    expect(cmd.HostConfig?.Privileged).toBe(false);
    const http = containerSpec({ image: 'i', runId: 'r', spec: { kind: 'http', port: 8000, path: '/h', method: 'GET', body: null, expectStatus: 200, timeoutSeconds: 5 } });
    expect(http.HostConfig?.PortBindings).toEqual({ '8000/tcp': [{ HostIp: '127.0.0.1', HostPort: '' }] });
  });

  it('demultiplexes docker log frames', () => {
    const frame = (stream: number, text: string) => Buffer.concat([Buffer.from([stream, 0, 0, 0, 0, 0, 0, Buffer.byteLength(text)]), Buffer.from(text)]);
    expect(demuxDockerLogs(Buffer.concat([frame(1, 'out\n'), frame(2, 'err\n'), frame(1, 'more')]))).toEqual({ stdout: 'out\nmore', stderr: 'err\n' });
  });

  it('makes run ids and valid image tags', () => {
    const id = newRunId({ now: () => new Date('2026-11-23T19:41:15.941Z') }, () => 'abcd');
    expect(id).toBe('20261123-194115-abcd');
    expect(imageTag('My Project!', id, 'base-slim')).toBe('dflab-my-project:20261123-194115-abcd-base-slim');
  });
});
