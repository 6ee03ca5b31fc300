// execStdoutStream: a process's stdout as a stream that ends only on exit 0 — a truncated output (the process
// failed part-way, as `docker save` does when the image goes away) is an error, never a short archive.
import { describe, expect, it } from 'vitest';
import { execStdoutStream } from '../../../src/engine/exec.js';

async function read(stream: AsyncIterable<unknown>): Promise<string> {
  let text = '';
  for await (const chunk of stream) text += String(chunk);
  return text;
}

describe('execStdoutStream', () => {
  it('hands the whole output of a process that exits 0', async () => {
    expect(await read(execStdoutStream('sh', ['-c', 'printf abc; printf def']))).toBe('abcdef');
  });

  it('fails the stream with the exit code and stderr when the process exits non-zero after writing', async () => {
    await expect(read(execStdoutStream('sh', ['-c', 'printf abc; echo "no such image" >&2; exit 3']))).rejects.toThrow(/exited 3: no such image/);
  });

  it('fails the stream when the program cannot start', async () => {
    await expect(read(execStdoutStream('dflab-no-such-program', []))).rejects.toThrow(/dflab-no-such-program/);
  });
});
