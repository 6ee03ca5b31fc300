// Builds through BuildKit with `docker buildx build` (not dockerode's BuildKit mode, which stalls under
// concurrency). The command line is built as data first so it can be tested without an engine.
import { createWriteStream } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { endpointEnv } from './endpoint.js';
import { exec } from './exec.js';
import { BuildProgress, JsonObjectSplitter, isDockerfileStep, redactStatus, type SolveStatus, type StepTiming } from './rawjson.js';
import type { BuildRequest, BuildResult, BuildxInfo } from './types.js';

export const RUN_LABEL = 'dflab.run';
/** What a container of a run is for (`smoke`): beside the run label, for whoever lists them. */
export const ROLE_LABEL = 'dflab.role';

export function buildxBuildArgs(req: BuildRequest): string[] {
  const args = ['buildx', 'build'];
  if (req.builder) args.push('--builder', req.builder);
  args.push('--progress=rawjson', '--metadata-file', req.metadataFile, '--load', '-t', req.tag);
  args.push('-f', req.dockerfile, '--label', `${RUN_LABEL}=${req.runId}`);
  if (req.target) args.push('--target', req.target);
  for (const [k, v] of Object.entries(req.labels ?? {})) args.push('--label', `${k}=${v}`);
  for (const [k, v] of Object.entries(req.buildArgs ?? {})) args.push('--build-arg', `${k}=${v}`);
  if (req.networkHost) args.push('--network', 'host');
  if (req.noCache) args.push('--no-cache');
  args.push(req.contextDir);
  return args;
}

export async function buildImage(req: BuildRequest): Promise<BuildResult> {
  await mkdir(dirname(req.metadataFile), { recursive: true });
  await mkdir(dirname(req.logFile), { recursive: true });
  const log = createWriteStream(req.logFile);
  let logError: NodeJS.ErrnoException | null = null; // a full disk: reported after the build, never an unhandled 'error'
  log.on('error', (e) => { logError ??= Object.assign(e, { path: req.logFile }); });
  const splitter = new JsonObjectSplitter();
  const progress = new BuildProgress();
  const started = Date.now();
  const result = await exec('docker', buildxBuildArgs(req), {
    signal: req.signal,
    env: endpointEnv(req.endpoint),
    onStderr: (chunk) => {
      // With secrets, the log is written object by object, redacted (plain text at the end); else as it comes.
      if (!logError && !req.redact) log.write(chunk);
      for (const text of splitter.push(chunk)) {
        let status: SolveStatus;
        try { status = JSON.parse(text) as SolveStatus; } catch { continue; /* a torn object is skipped */ }
        if (req.redact) {
          status = redactStatus(status, req.redact);
          if (!logError) log.write(`${JSON.stringify(status)}\n`);
        }
        progress.add(status);
        for (const v of status.vertexes ?? []) {
          if (v.started && !v.completed && !v.cached && v.name && isDockerfileStep(v.name)) req.onStep?.(v.name);
        }
      }
    },
  });
  if (req.redact && !logError) log.write(req.redact(splitter.plainText()));
  await new Promise<void>((resolve) => (logError ? resolve() : log.end(() => resolve())));
  if (logError) throw logError;
  const seconds = (Date.now() - started) / 1000;
  const steps = progress.steps();
  if (result.exitCode === 0) {
    const imageId = await readImageId(req.metadataFile);
    return { ok: true, imageId, seconds, steps, logFile: req.logFile };
  }
  const plain = splitter.plainText() + result.stderr;
  return describeFailure(progress, steps, req.redact ? req.redact(plain) : plain, result.spawnError, seconds, req.logFile);
}

function describeFailure(
  progress: BuildProgress, steps: StepTiming[], plain: string, spawnError: string | undefined, seconds: number, logFile: string,
): BuildResult {
  const failed = steps.find((s) => s.error !== null && !/^(canceled|context canceled)/.test(s.error));
  const finalError = plain.split('\n').map((l) => l.trim()).filter((l) => l.startsWith('ERROR:')).pop();
  let message = spawnError ?? failed?.error ?? finalError?.replace(/^ERROR:\s*/, '') ?? 'buildx build failed';
  const baseUnavailable = failed !== undefined && /^\[internal\] load metadata for /.test(failed.name);
  if (baseUnavailable) {
    // BuildKit's line is a long chain of wrapped errors; the image and the innermost cause say it all.
    const image = failed.name.replace(/^\[internal\] load metadata for /, '');
    message = `base image ${image} is not available: not in the local engine, and pulling it failed (${message.split(': ').pop()})`;
  }
  let logTail = failed ? progress.logTail(failed.digest) : [];
  if (logTail.length === 0) logTail = plain.trim().split('\n').slice(-20);
  return {
    ok: false,
    kind: baseUnavailable ? 'base-unavailable' : 'build-failed',
    step: failed?.name ?? null,
    message,
    logTail,
    seconds,
    steps,
    logFile,
  };
}

async function readImageId(metadataFile: string): Promise<string> {
  const meta = JSON.parse(await readFile(metadataFile, 'utf8')) as Record<string, unknown>;
  const id = meta['containerimage.config.digest'] ?? meta['containerimage.digest'];
  if (typeof id !== 'string') throw new Error(`no image digest in ${metadataFile}`);
  return id;
}

/** Dockerfile steps only, for results: internal/export vertices are overhead. */
export function dockerfileSteps(steps: StepTiming[]): StepTiming[] {
  return steps.filter((s) => isDockerfileStep(s.name));
}

export function parseBuildxVersion(text: string): string {
  // "github.com/docker/buildx 0.13.1+ds1 0.13.1+ds1-3" or "github.com/docker/buildx v0.17.1 abc"
  const m = /buildx\s+v?(\S+)/.exec(text);
  return m?.[1] ?? text.trim();
}

/** Parses `docker buildx inspect` text: first "Name:" and "Driver:" lines. */
export function parseBuildxInspect(text: string): { builder: string; driver: string } {
  const field = (key: string) => new RegExp(`^${key}:\\s*(.+)$`, 'm').exec(text)?.[1]?.trim() ?? 'unknown';
  return { builder: field('Name'), driver: field('Driver') };
}

export async function buildxInfo(builder?: string): Promise<BuildxInfo | { error: string }> {
  const version = await buildxVersion();
  if ('error' in version) return version;
  const inspect = await exec('docker', ['buildx', 'inspect', ...(builder ? [builder] : [])]);
  if (inspect.exitCode !== 0) return { error: inspect.stderr.trim() || `builder ${builder ?? '(default)'} not found` };
  return { version: version.version, ...parseBuildxInspect(inspect.stdout) };
}

/** `docker buildx version`, alone: a run knows its builders from resolving them (engine/builders.ts). */
export async function buildxVersion(): Promise<{ version: string } | { error: string }> {
  const version = await exec('docker', ['buildx', 'version']);
  if (version.exitCode !== 0) return { error: (version.spawnError ?? version.stderr.trim()) || 'docker buildx not found' };
  return { version: parseBuildxVersion(version.stdout) };
}
