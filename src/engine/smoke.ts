// Smoke tests: a command in a throwaway container, or a server probed over HTTP on a port published to
// 127.0.0.1 only. The container is labelled with the run id, limited, and always removed.
import type Docker from 'dockerode';
import { ROLE_LABEL, RUN_LABEL } from './buildx.js';
import { docker } from './docker.js';
import type { Endpoint } from './endpoint.js';
import { attachOutput, containerLogs, exitedOutput, type AttachedOutput } from './logs.js';
import type { SmokeResult, SmokeSpec } from './types.js';

export interface SmokeRequest {
  image: string;
  runId: string;
  spec: SmokeSpec;
  env?: Record<string, string>;
  memoryBytes?: number;
  cpus?: number;
  /** Aborting stops the probe at once; the container is removed as always. */
  signal?: AbortSignal;
  /** The engine holding the image; undefined: the process's own. */
  endpoint?: Endpoint;
}

const TAIL_CHARS = 2000;

export async function runSmoke(req: SmokeRequest): Promise<SmokeResult> {
  const started = Date.now();
  const container = await docker(req.endpoint).createContainer(containerSpec(req));
  // A command's output is taken from its start; a server's is read from its logs while it still runs.
  const output = req.spec.kind === 'command' ? await attachOutput(container).catch(() => undefined) : undefined;
  try {
    await container.start();
    return { ...await probeStarted(container, req.spec, started, req.signal, output), seconds: (Date.now() - started) / 1000 };
  } finally {
    output?.close();
    await container.remove({ force: true }).catch(() => undefined);
  }
}

export function containerSpec(req: SmokeRequest): Docker.ContainerCreateOptions {
  const http = req.spec.kind === 'http';
  const portKey = req.spec.kind === 'http' ? `${req.spec.port}/tcp` : '';
  const command = req.spec.kind === 'command' ? req.spec.command : undefined;
  return {
    Image: req.image,
    Labels: { [RUN_LABEL]: req.runId, [ROLE_LABEL]: 'smoke' },
    Env: Object.entries(req.env ?? {}).map(([k, v]) => `${k}=${v}`),
    ...(command ? { Entrypoint: command.slice(0, 1), Cmd: command.slice(1) } : {}),
    ...(http ? { ExposedPorts: { [portKey]: {} } } : {}),
    HostConfig: {
      // No network at all unless the probe needs a port; then publish on loopback only.
      NetworkMode: http ? 'bridge' : 'none',
      ...(http ? { PortBindings: { [portKey]: [{ HostIp: '127.0.0.1', HostPort: '' }] } } : {}),
      Memory: req.memoryBytes ?? 2 * 1024 ** 3,
      NanoCpus: Math.round((req.cpus ?? 1) * 1e9),
      Privileged: false,
      SecurityOpt: ['no-new-privileges'],
    },
  };
}

export type ProbeOutcome = Omit<SmokeResult, 'seconds'>;

/** Probes a container already started (its command runs, or its server is coming up). `output`: the command's
 *  output attached before the start; without it, its logs are read once it exited. */
export function probeStarted(container: Docker.Container, spec: SmokeSpec, started: number, signal?: AbortSignal, output?: AttachedOutput): Promise<ProbeOutcome> {
  return spec.kind === 'command' ? commandProbe(container, spec, signal, output) : httpProbe(container, spec, started, signal);
}

async function commandProbe(container: Docker.Container, spec: Extract<SmokeSpec, { kind: 'command' }>, signal?: AbortSignal, output?: AttachedOutput): Promise<ProbeOutcome> {
  const exited = container.wait() as Promise<{ StatusCode: number }>;
  const timer = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), spec.timeoutSeconds * 1000).unref());
  const first = await Promise.race([exited, timer, aborted(signal)]);
  if (first === 'aborted') return { passed: false, startupSeconds: null, peakMemoryBytes: null, outputTail: '', reason: 'interrupted' };
  if (first === 'timeout') await container.kill().catch(() => undefined);
  const { stdout, stderr } = await exitedOutput(container, output);
  const outputTail = tail(stdout + stderr);
  if (first === 'timeout') {
    return { passed: false, startupSeconds: null, peakMemoryBytes: null, outputTail, reason: `command still running after ${spec.timeoutSeconds}s; killed` };
  }
  if (first.StatusCode !== spec.expectExitCode) {
    return { passed: false, startupSeconds: null, peakMemoryBytes: null, outputTail, reason: `exit code ${first.StatusCode}, expected ${spec.expectExitCode}` };
  }
  if (spec.expectStdout !== undefined && !new RegExp(spec.expectStdout).test(stdout)) {
    return { passed: false, startupSeconds: null, peakMemoryBytes: null, outputTail, reason: `stdout does not match /${spec.expectStdout}/` };
  }
  return { passed: true, startupSeconds: null, peakMemoryBytes: null, outputTail, reason: null };
}

async function httpProbe(container: Docker.Container, spec: Extract<SmokeSpec, { kind: 'http' }>, started: number, signal?: AbortSignal): Promise<ProbeOutcome> {
  const info = await container.inspect();
  const hostPort = info.NetworkSettings.Ports?.[`${spec.port}/tcp`]?.[0]?.HostPort;
  if (!hostPort) {
    // A server that exits at once has no published port any more: say that it exited, not that the port is missing.
    const state = (await container.inspect()).State;
    if (!state.Running) return failWithLogs(container, `server exited with code ${state.ExitCode} before answering ${spec.path}`);
    return failWithLogs(container, `port ${spec.port} was not published`);
  }
  const url = `http://127.0.0.1:${hostPort}${spec.path}`;
  const deadline = started + spec.timeoutSeconds * 1000;
  let last = 'no answer';
  while (Date.now() < deadline) {
    if (signal?.aborted) return { passed: false, startupSeconds: null, peakMemoryBytes: null, outputTail: '', reason: 'interrupted' };
    const state = (await container.inspect()).State;
    if (!state.Running) return failWithLogs(container, `server exited with code ${state.ExitCode} before answering ${spec.path}`);
    try {
      const { res, body } = await fetchText(url, { method: spec.method, body: spec.body ?? undefined, headers: spec.body ? { 'content-type': 'application/json' } : undefined }, 5000);
      last = `HTTP ${res.status}: ${body.slice(0, 200)}`;
      const bodyOk = spec.expectBody === undefined || new RegExp(spec.expectBody).test(body);
      if (res.status === spec.expectStatus && bodyOk) {
        const startupSeconds = (Date.now() - started) / 1000;
        const peakMemoryBytes = await peakMemory(container);
        const { stdout, stderr } = await containerLogs(container);
        return { passed: true, startupSeconds, peakMemoryBytes, outputTail: tail(stdout + stderr), reason: null };
      }
    } catch (e) {
      last = e instanceof Error ? e.message : String(e);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return failWithLogs(container, `no expected answer from ${spec.method} ${spec.path} within ${spec.timeoutSeconds}s (last: ${last})`);
}

/**
 * fetch and read the body within `ms`. The timer is an ordinary (ref'd) one, not AbortSignal.timeout's: while the
 * published port's proxy holds a connection the app does not answer yet, Node's fetch keeps nothing alive, and a
 * process with no other work (a script calling runSmoke) would exit mid-probe with "unsettled top-level await".
 */
async function fetchText(url: string, init: RequestInit, ms: number): Promise<{ res: Response; body: string }> {
  const ctl = new AbortController();
  const timer = setTimeout(() => ctl.abort(new Error(`no answer within ${ms / 1000}s`)), ms);
  try {
    const res = await fetch(url, { ...init, signal: ctl.signal });
    return { res, body: await res.text() };
  } finally {
    clearTimeout(timer);
  }
}

async function failWithLogs(container: Docker.Container, reason: string): Promise<ProbeOutcome> {
  const { stdout, stderr } = await containerLogs(container);
  return { passed: false, startupSeconds: null, peakMemoryBytes: null, outputTail: tail(stdout + stderr), reason };
}

function aborted(signal?: AbortSignal): Promise<'aborted'> {
  return new Promise((r) => {
    if (signal?.aborted) r('aborted');
    signal?.addEventListener('abort', () => r('aborted'), { once: true });
  });
}

/** cgroup v1 reports the peak as max_usage; v2 has no peak in the API, so the current usage is a floor. */
async function peakMemory(container: Docker.Container): Promise<number | null> {
  try {
    const stats = (await container.stats({ stream: false })) as { memory_stats?: { max_usage?: number; usage?: number } };
    return stats.memory_stats?.max_usage ?? stats.memory_stats?.usage ?? null;
  } catch {
    return null;
  }
}

function tail(text: string): string {
  return text.length > TAIL_CHARS ? text.slice(-TAIL_CHARS) : text;
}

/** Several probes, one container each, in order; the first that fails decides (its reason names which probe). */
export async function runSmokes(req: Omit<SmokeRequest, 'spec'> & { specs: SmokeSpec[] }): Promise<SmokeResult> {
  let total = null as SmokeResult | null;
  for (const [i, spec] of req.specs.entries()) {
    const one = await runSmoke({ ...req, spec });
    const seconds: number = (total?.seconds ?? 0) + one.seconds;
    const which = req.specs.length > 1 ? `probe ${i + 1} of ${req.specs.length} (${describeProbe(spec)}): ` : '';
    total = { ...one, seconds, startupSeconds: total?.startupSeconds ?? one.startupSeconds, reason: one.reason === null ? null : `${which}${one.reason}` };
    if (!one.passed) break;
  }
  return total ?? { passed: true, seconds: 0, startupSeconds: null, peakMemoryBytes: null, outputTail: '', reason: null };
}

export function describeProbe(spec: SmokeSpec): string {
  return spec.kind === 'http' ? `${spec.method} ${spec.path}` : spec.command.join(' ');
}
