// Progress: a finished variant is a typed event, never guessed from the text of a phase line.
import { describe, expect, it } from 'vitest';
import { plainProgress, ttyProgress } from '../../../src/run/progress.js';

describe('progress', () => {
  it('plain lines: the outcome and its detail after the variant name', () => {
    const lines: string[] = [];
    const p = plainProgress((s) => lines.push(s), () => new Date('2026-01-01T10:00:00Z'));
    p.phase('base-slim', 'building');
    p.done('base-slim', 'build-failed', ': step "RUN x" failed');
    expect(lines).toEqual(['10:00:00 +0s base-slim: building\n', '10:00:00 +0s base-slim: build-failed: step "RUN x" failed\n']);
  });

  it('terminal rows: ticked by done(), not by a phase whose text starts like an outcome', () => {
    let screen = '';
    const lastRow = () => screen.split('\n').at(-2)!.replace(/\x1b\[\d*[A-Z]/g, '');
    const stream = { columns: 120, write: (s: string) => { screen += s; return true; } } as unknown as NodeJS.WriteStream;
    const p = ttyProgress(stream);
    p.start(['original']);
    p.phase('original', 'ok so far: measuring');
    expect(lastRow()).toMatch(/^· original\s+\d+s {2}ok so far: measuring$/);
    p.done('original', 'ok', ', 1.2 GB');
    expect(lastRow()).toMatch(/^✓ original\s+\d+s {2}ok, 1\.2 GB$/);
    p.stop();
  });
});
