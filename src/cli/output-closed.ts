// A reader that goes away (`dflab run 2>&1 | head`) makes the next write to stdout or stderr fail with EPIPE.
// Unhandled, that error ends the process on the spot, leaving the run's images and containers behind; taken
// here, it stops the run as SIGPIPE would stop another tool, through the same path as Ctrl-C: builds cancelled,
// containers and images removed, partial results written, exit 130.

type Stream = Pick<NodeJS.WriteStream, 'on' | 'off'>;

/** Calls `stop` on the first write that finds its reader gone; later such errors are dropped. Returns the remover. */
export function stopWhenOutputCloses(stop: () => void, streams: Stream[] = [process.stdout, process.stderr]): () => void {
  let stopped = false;
  const onError = (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE' && e.code !== 'ERR_STREAM_DESTROYED') throw e;
    if (!stopped) { stopped = true; stop(); }
  };
  for (const s of streams) s.on('error', onError);
  return () => { for (const s of streams) s.off('error', onError); };
}
