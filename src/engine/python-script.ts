// Runs a Python script the tool ships inside a built image, with the image's own interpreter and packages
// (the import analysis behind prune-requirements). Same guards as smoke containers: labelled, no network,
// limited, never privileged, always removed.
import type Docker from 'dockerode';
import { RUN_LABEL } from './buildx.js';
import { docker } from './docker.js';
import type { Endpoint } from './endpoint.js';
import { attachOutput, exitedOutput, type AttachedOutput } from './logs.js';

export interface PythonScriptRequest {
  image: string;
  runId: string;
  script: string;
  args: string[];
  timeoutSeconds: number;
  signal?: AbortSignal;
  /** The engine holding the image; undefined: the process's own. */
  endpoint?: Endpoint;
}

export type PythonScriptResult = { ok: true; stdout: string; stderr: string } | { ok: false; reason: string };

/** Images name their interpreter either way; python3 first, since `python` may be Python 2 on old bases. */
const INTERPRETERS = ['python3', 'python'];

export async function runPythonScript(req: PythonScriptRequest): Promise<PythonScriptResult> {
  const missing: string[] = [];
  for (const interpreter of INTERPRETERS) {
    const container = await docker(req.endpoint).createContainer(spec(req, interpreter));
    // Its output taken from the start (engine/logs.ts attachOutput): logs read after an exit can come back empty.
    const output = await attachOutput(container).catch(() => undefined);
    try {
      try {
        await container.start();
      } catch (e) {
        // "exec: python3: executable file not found in $PATH": try the next name.
        if (/not found|no such file/i.test((e as Error).message)) { missing.push(interpreter); continue; }
        throw e;
      }
      return await waitForExit(container, req, output);
    } finally {
      output?.close();
      await container.remove({ force: true }).catch(() => undefined);
    }
  }
  return { ok: false, reason: `the image has no Python interpreter (${missing.join(', ')} not found)` };
}

function spec(req: PythonScriptRequest, interpreter: string): Docker.ContainerCreateOptions {
  return {
    Image: req.image,
    Labels: { [RUN_LABEL]: req.runId },
    Entrypoint: [interpreter],
    Cmd: ['-c', req.script, ...req.args],
    Env: ['PYTHONDONTWRITEBYTECODE=1'],
    HostConfig: {
      NetworkMode: 'none',
      Memory: 1024 ** 3,
      NanoCpus: 1e9,
      Privileged: false,
      SecurityOpt: ['no-new-privileges'],
    },
  };
}

async function waitForExit(container: Docker.Container, req: PythonScriptRequest, output?: AttachedOutput): Promise<PythonScriptResult> {
  const exited = container.wait() as Promise<{ StatusCode: number }>;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((r) => { timer = setTimeout(() => r('timeout'), req.timeoutSeconds * 1000); });
  const aborted = new Promise<'aborted'>((r) => {
    if (req.signal?.aborted) r('aborted');
    req.signal?.addEventListener('abort', () => r('aborted'), { once: true });
  });
  try {
    const first = await Promise.race([exited, timeout, aborted]);
    if (first === 'aborted') return { ok: false, reason: 'interrupted' };
    if (first === 'timeout') return { ok: false, reason: `still running after ${req.timeoutSeconds}s; killed` };
    const { stdout, stderr } = await exitedOutput(container, output);
    if (first.StatusCode !== 0) {
      const last = stderr.trim().split('\n').slice(-3).join(' | ');
      return { ok: false, reason: `exit code ${first.StatusCode}${last ? `: ${last}` : ''}` };
    }
    return { ok: true, stdout, stderr };
  } finally {
    clearTimeout(timer);
  }
}
