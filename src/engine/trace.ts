// The minify variant's evidence: the original image's smoke probes run under strace, traced inside containers
// (so it works where the engine is remote). The app container starts held in a wait loop (run by the tracer image's
// static busybox, so images without a shell are traced too); a tracer container
// (dflab-tracer:strace, built by scripts/engine-up.sh) shares its PID namespace, holds CAP_SYS_PTRACE, attaches
// to PID 1 and only then releases it, so the trace starts at the entrypoint's first instruction. The app gets no
// added capability. After the probe the tracer lists the app's filesystem (types and link targets) for the
// keep-set computation. Both containers carry the run label and are always removed.
import { randomBytes } from 'node:crypto';
import type Docker from 'dockerode';
import { RUN_LABEL } from './buildx.js';
import { docker, inspectImage } from './docker.js';
import type { Endpoint } from './endpoint.js';
import { attachOutput, containerLogs, type AttachedOutput } from './logs.js';
import { containerSpec, probeStarted } from './smoke.js';
import type { SmokeSpec } from './types.js';

export const TRACER_IMAGE = 'dflab-tracer:strace';
const NOT_ATTACHED = 3;
/** A tmpfs only the hold loop reads: the tracer creates `go` in it (through /proc/1/root) once attached. */
const HOLD_DIR = '/.dflab-hold';
/**
 * The hold loop runs in the tracer image's static busybox, brought in on a volume: the app's image may have no
 * shell at all (distroless, FROM scratch). The volume is another filesystem, so the tracer's listing (find -xdev)
 * never shows it and nothing of it can enter the keep set.
 */
const TOOLS_DIR = '/.dflab-hold-tools';
const BUSYBOX = `${TOOLS_DIR}/busybox`;
/** Where the tracer image holds its static busybox (scripts/standins/dflab-tracer_strace.Dockerfile). */
const TOOLS_IN_TRACER = '/dflab-hold';
// busybox's shell runs its own applet for a bare command name (`sh`, `env` …), so the app's command is looked up
// on the image's PATH here and exec'd by its path: the image's own binary runs, and is traced.
const HOLD = [
  `while [ ! -e ${HOLD_DIR}/go ]; do ${BUSYBOX} sleep 0.05; done`,
  'p=$1; case $p in */*) ;; *) IFS=:; for d in $PATH; do if [ -f "$d/$1" ] && [ -x "$d/$1" ]; then p=$d/$1; break; fi; done; unset IFS;; esac',
  'shift; exec "$p" "$@"',
].join('; ');
// Attach, list the app's root filesystem (stdout: type letter, path, link target, NUL-separated; not below other
// mounts, and without the hold's own mount points), release the app. The trace streams to stderr as it is written: when the app's PID 1 ends, the kernel
// ends every process of its PID namespace, the tracer's included.
const ATTACH = [
  'strace -f -qq -e signal=none -e trace=%file,%process -o /dev/stderr -p 1 & s=$!',
  'i=0; until grep -qs "^TracerPid:[[:space:]]*[1-9]" /proc/1/status; do i=$((i+1));',
  '  [ $i -gt 800 ] && { echo "strace did not attach to the app" >&2; exit 3; }; sleep 0.025; done',
  `(cd /proc/1/root && find . -xdev \\( -path .${HOLD_DIR} -o -path .${TOOLS_DIR} \\) -prune -o -printf "%y\\0%P\\0%l\\0")`,
  `touch /proc/1/root${HOLD_DIR}/go && wait $s`,
].join('\n');

/** What the image runs and how (the minified image is FROM scratch and must say all of it again). */
export interface ImageRunConfig {
  env: string[]; workdir: string; user: string; entrypoint: string[]; cmd: string[]; exposedPorts: string[];
}

export type ProbeTrace =
  | { ok: true; trace: string; listing: string }
  | { ok: false; reason: string; outputTail: string };

export interface TraceRequest {
  image: string; runId: string; spec: SmokeSpec; signal?: AbortSignal;
  /** The engine holding the image (default: the current one): both containers and the tools volume run there. */
  endpoint?: Endpoint;
  /** Told both container ids once they run (tests inspect what each was granted). */
  onStarted?: (appId: string, tracerId: string) => Promise<void> | void;
}

export async function imageRunConfig(image: string, e?: Endpoint): Promise<ImageRunConfig | null> {
  const info = await inspectImage(image, e);
  if (!info) return null;
  const c = (await docker(e).getImage(image).inspect()).Config;
  return {
    env: c.Env ?? [], workdir: c.WorkingDir ?? '', user: c.User ?? '',
    entrypoint: asList(c.Entrypoint), cmd: asList(c.Cmd), exposedPorts: Object.keys(c.ExposedPorts ?? {}),
  };
}

/** One probe of the smoke test, traced from the entrypoint's first instruction. */
export async function traceProbe(req: TraceRequest, run: ImageRunConfig): Promise<ProbeTrace> {
  const engine = docker(req.endpoint);
  const tools = await holdTools(req.runId, engine);
  let app: Docker.Container | undefined;
  let tracer: Docker.Container | undefined;
  let appOut: AttachedOutput | undefined;
  let tracerOut: AttachedOutput | undefined;
  try {
    app = await engine.createContainer(heldSpec(req, run, tools));
    // Output taken from the start, as in runSmoke: logs read right after an exit can come back empty.
    if (req.spec.kind === 'command') appOut = await attachOutput(app).catch(() => undefined);
    await app.start();
    tracer = await engine.createContainer(tracerSpec(req.runId, app.id));
    tracerOut = await attachOutput(tracer).catch(() => undefined);
    await tracer.start();
    await req.onStarted?.(app.id, tracer.id);
    const outcome = await probeStarted(app, req.spec, Date.now(), req.signal, appOut);
    if (!outcome.passed) return { ok: false, reason: outcome.reason ?? 'the probe failed', outputTail: outcome.outputTail };
    await app.kill().catch(() => undefined);
    const { StatusCode } = (await tracer.wait()) as { StatusCode: number };
    const attached = await tracerOut?.read();
    const logs = attached?.stdout ? attached : await containerLogs(tracer);
    if (StatusCode === NOT_ATTACHED || !logs.stdout) return { ok: false, reason: `the tracer failed (exit code ${StatusCode}): ${logs.stderr.trim().slice(-300)}`, outputTail: '' };
    return { ok: true, trace: logs.stderr, listing: logs.stdout };
  } finally {
    appOut?.close();
    tracerOut?.close();
    await app?.remove({ force: true }).catch(() => undefined);
    await tracer?.remove({ force: true }).catch(() => undefined);
    await engine.getVolume(tools).remove().catch(() => undefined);
  }
}

/** A volume holding the tracer image's static busybox (a fresh named volume is filled from the image on first mount). */
async function holdTools(runId: string, engine: Docker): Promise<string> {
  const name = `dflab-hold-${runId}-${randomBytes(4).toString('hex')}`.replace(/[^a-zA-Z0-9_.-]/g, '-');
  await engine.createVolume({ Name: name, Labels: { [RUN_LABEL]: runId } });
  const fill = await engine.createContainer({
    Image: TRACER_IMAGE, Labels: { [RUN_LABEL]: runId }, Entrypoint: [`${TOOLS_IN_TRACER}/busybox`, 'true'], Cmd: [],
    HostConfig: { Mounts: [{ Type: 'volume', Source: name, Target: TOOLS_IN_TRACER }], NetworkMode: 'none' },
  });
  try {
    await fill.start();
    const { StatusCode } = (await fill.wait()) as { StatusCode: number };
    if (StatusCode !== 0) throw new Error(`${TRACER_IMAGE} has no ${TOOLS_IN_TRACER}/busybox (exit ${StatusCode}): run scripts/engine-up.sh to rebuild it`);
  } catch (e) {
    await engine.getVolume(name).remove().catch(() => undefined);
    throw e;
  } finally {
    await fill.remove({ force: true }).catch(() => undefined);
  }
  return name;
}

/** The smoke container as always, its entrypoint behind the hold loop (busybox from the `tools` volume, read-only),
 *  and a tmpfs for the release file. */
export function heldSpec(req: TraceRequest, run: ImageRunConfig, tools: string): Docker.ContainerCreateOptions {
  const base = containerSpec({ image: req.image, runId: req.runId, spec: req.spec });
  const argv = req.spec.kind === 'command' ? req.spec.command : [...run.entrypoint, ...run.cmd];
  return {
    ...base,
    Entrypoint: [BUSYBOX, 'sh', '-c', HOLD, 'dflab-hold'],
    Cmd: argv,
    HostConfig: {
      ...base.HostConfig, Tmpfs: { [HOLD_DIR]: 'mode=1777,size=64k' },
      Mounts: [...(base.HostConfig?.Mounts ?? []), { Type: 'volume', Source: tools, Target: TOOLS_DIR, ReadOnly: true }],
    },
  };
}

/** The tracer: in the app's PID namespace, CAP_SYS_PTRACE and nothing else added, no network. */
export function tracerSpec(runId: string, appId: string): Docker.ContainerCreateOptions {
  return {
    Image: TRACER_IMAGE,
    Labels: { [RUN_LABEL]: runId },
    Entrypoint: ['sh', '-c', ATTACH],
    Cmd: [],
    HostConfig: { PidMode: `container:${appId}`, CapAdd: ['SYS_PTRACE'], NetworkMode: 'none', Privileged: false, SecurityOpt: ['no-new-privileges'] },
  };
}

function asList(v: string[] | string | null | undefined): string[] {
  if (!v) return [];
  return Array.isArray(v) ? v : [v];
}
