// An image's `docker save` archive as a stream, read from the docker CLI rather than dockerode: measured on this
// engine (bench/predict.mjs, README "Benchmarks"), dockerode's HTTP response — read 16 KB at a time, paused and
// resumed per chunk — delivered the same 1 GB archive in 1.5–2.5× the time `docker save > /dev/null` took, while the
// CLI's stdout piped into us kept within a few seconds of it. The reader's parsing is not the difference.
import type { Readable } from 'node:stream';
import { execStdoutStream } from './exec.js';

/** `id` is an image id (a tag moved between inspect and save must not mix two images). */
export function saveStream(id: string): Readable {
  return execStdoutStream('docker', ['save', id]);
}
