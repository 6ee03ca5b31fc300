// The zstd CLI at level 3 over one layer tar, counting its output without keeping it: how the classic image store's
// zstd size is had (zstd-size.ts says why). Fed by the one `docker save` pass that also lists the layer's files.
import type { Readable } from 'node:stream';
import { execCountingStdout } from './exec.js';

export async function zstdLayerBytes(tar: Readable, signal?: AbortSignal): Promise<number> {
  // A source that fails before its end would leave zstd waiting for more input: cancelling ends it.
  const stop = new AbortController();
  const onError = (e: unknown) => stop.abort(e);
  tar.once('error', onError);
  const both = signal ? AbortSignal.any([signal, stop.signal]) : stop.signal;
  try {
    const r = await execCountingStdout('zstd', ['-3', '-c', '-q'], tar, both);
    if (both.aborted) throw both.reason instanceof Error ? both.reason : new Error('cancelled');
    if (r.exitCode !== 0) throw new Error(`zstd failed (exit ${r.exitCode}): ${r.stderr.trim() || 'is the zstd CLI installed?'}`);
    return r.bytes;
  } finally {
    tar.off('error', onError);
  }
}
