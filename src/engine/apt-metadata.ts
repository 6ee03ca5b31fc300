// apt's metadata of packages, read inside an image with its own package lists (what a variant's apt install there
// would get): `apt-cache show` of the packages and everything they Depend on, as text for measure/apt-show.ts.
// Labelled, no network, limited, never privileged, always removed — like the smoke containers.
import type Docker from 'dockerode';
import { RUN_LABEL } from './buildx.js';
import { docker } from './docker.js';
import { attachOutput, exitedOutput } from './logs.js';

const SCRIPT = [
  "pk=$(apt-cache depends --recurse --no-recommends --no-suggests --no-conflicts --no-breaks --no-replaces --no-enhances \"$@\" 2>/dev/null | grep '^[a-z0-9]' | sort -u)",
  '[ -n "$pk" ] && apt-cache show --no-all-versions $pk 2>/dev/null',
  'exit 0',
].join('\n');

/** The `apt-cache show` text of `packages` and their Depends closure in `image`; '' when it has no lists or no apt. */
export async function aptShowInImage(image: string, runId: string, packages: readonly string[], timeoutSeconds = 180): Promise<string> {
  if (packages.length === 0) return '';
  const container = await docker().createContainer(spec(image, runId, packages));
  // Its output taken from the start (engine/logs.ts attachOutput): logs read after an exit can come back empty.
  const output = await attachOutput(container).catch(() => undefined);
  try {
    await container.start().catch(() => undefined);
    const exited = container.wait() as Promise<{ StatusCode: number }>;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((r) => { timer = setTimeout(() => r('timeout'), timeoutSeconds * 1000); });
    const first = await Promise.race([exited, timeout]).finally(() => clearTimeout(timer));
    if (first === 'timeout' || first.StatusCode !== 0) return '';
    return (await exitedOutput(container, output)).stdout;
  } finally {
    output?.close();
    await container.remove({ force: true }).catch(() => undefined);
  }
}

function spec(image: string, runId: string, packages: readonly string[]): Docker.ContainerCreateOptions {
  return {
    Image: image,
    Labels: { [RUN_LABEL]: runId },
    Entrypoint: ['sh', '-c', SCRIPT, 'sh', ...packages],
    Cmd: [],
    HostConfig: { NetworkMode: 'none', Memory: 512 * 1024 ** 2, NanoCpus: 1e9, Privileged: false, SecurityOpt: ['no-new-privileges'] },
  };
}
