// Docker multiplexes stdout/stderr of non-TTY containers into frames: [stream, 0, 0, 0, size(4, BE)] + payload.
import type Docker from 'dockerode';

export function demuxDockerLogs(raw: Buffer): { stdout: string; stderr: string } {
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  let offset = 0;
  while (offset + 8 <= raw.length) {
    const stream = raw[offset];
    const size = raw.readUInt32BE(offset + 4);
    const payload = raw.subarray(offset + 8, offset + 8 + size);
    (stream === 2 ? err : out).push(payload);
    offset += 8 + size;
  }
  return { stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') };
}

/** A container's logs as they stand, both streams. */
export async function containerLogs(container: Docker.Container): Promise<{ stdout: string; stderr: string }> {
  return demuxDockerLogs((await container.logs({ stdout: true, stderr: true, follow: false })) as unknown as Buffer);
}

export interface AttachedOutput {
  /** What the container wrote: waits for the stream's end, at most `ms` once the container is known to have exited. */
  read(ms?: number): Promise<{ stdout: string; stderr: string }>;
  /** Stops listening (a server's stream stays open while it runs). */
  close(): void;
}

/**
 * The container's output taken as it is written, attached before the container starts (as `docker run` does; the
 * order Docker's maintainers give for short-lived containers, docker/docker-py#3247). Its logs read after it exited
 * came back empty once in a while under load (builders e2e: a `sh hello.sh` that prints exited 0 with no output),
 * and a smoke test that matches stdout then fails a passing variant. Every container whose output dflab reads takes
 * it this way (smoke tests, the tracer, the import analysis's script, apt-cache show); see exitedOutput.
 */
export async function attachOutput(container: Docker.Container): Promise<AttachedOutput> {
  const stream = (await container.attach({ stream: true, stdout: true, stderr: true })) as NodeJS.ReadableStream & { destroy?: () => void };
  const chunks: Buffer[] = [];
  const ended = new Promise<void>((resolve) => {
    stream.on('data', (c: Buffer) => chunks.push(c));
    for (const event of ['end', 'close', 'error']) stream.on(event, () => resolve());
  });
  return {
    read: async (ms = 5000) => {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([ended, new Promise<void>((r) => { timer = setTimeout(r, ms); })]);
      clearTimeout(timer);
      return demuxDockerLogs(Buffer.concat(chunks));
    },
    close: () => stream.destroy?.(),
  };
}

/** What an exited container wrote: the attached stream when it holds anything, else its logs. */
export async function exitedOutput(container: Docker.Container, attached?: AttachedOutput): Promise<{ stdout: string; stderr: string }> {
  const out = await attached?.read();
  return out && (out.stdout || out.stderr) ? out : containerLogs(container);
}
