// Small stream helpers shared by the `docker save` readers: tar-stream's entry bodies (streamx streams, not
// Node's) drained, read as text, or piped into a parser, with errors turned into one rejection.
import type * as tar from 'tar-stream';

/** An entry's content stream (streamx, not a Node stream): only what we use of it. */
export interface Body extends AsyncIterable<unknown> {
  on(event: 'end', fn: () => void): unknown;
  on(event: 'error', fn: (err: unknown) => void): unknown;
  resume(): unknown;
  pipe(dest: tar.Extract | NodeJS.WritableStream): unknown;
  destroy(err?: Error): unknown;
}
export type Done = (err?: Error | null) => void;

/** Resolves once the extract has taken every byte; the source is destroyed if parsing fails. */
export function pipeInto(source: Body, extract: tar.Extract): Promise<void> {
  return new Promise((resolve, reject) => {
    const fail = (err: unknown) => { const e = asError(err); source.destroy(e); reject(e); };
    source.on('error', fail);
    extract.on('error', fail);
    extract.on('finish', () => resolve());
    source.pipe(extract);
  });
}

export function drain(body: Body, done: Done): void {
  body.on('end', () => done());
  body.on('error', (err) => done(asError(err)));
  body.resume();
}

/** Promise outcome → tar-stream's `next` callback, called once even when both outcomes fire. */
export function settle(done: Done): [() => void, (err: unknown) => void] {
  let settled = false;
  const once = (e?: Error) => { if (!settled) { settled = true; done(e); } };
  return [() => once(), (err) => once(asError(err))];
}

export function asError(err: unknown): Error { return err instanceof Error ? err : new Error(String(err)); }

export async function readText(body: Body, limit: number, what: string): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const data of body) {
    const chunk = data as Buffer; // tar-stream yields Buffers
    size += chunk.length;
    if (size > limit) throw new Error(`${what} in the docker save stream is over ${limit} bytes`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** The first `limit` bytes of an entry as UTF-8; the rest is read and dropped (the stream must be consumed). */
export async function readHead(body: Body, limit: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const data of body) {
    const chunk = data as Buffer;
    if (size < limit) chunks.push(chunk.subarray(0, limit - size));
    size += chunk.length;
  }
  return Buffer.concat(chunks).toString('utf8');
}
