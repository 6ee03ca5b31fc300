// Progress: a finished variant is a typed event, never guessed from the text of a phase line.
import { describe, expect, it } from 'vitest';
import { summarizeEvidence } from '../../../src/run/import-evidence.js';
import { fitLine, plainProgress, ttyProgress } from '../../../src/run/progress.js';

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

  it('terminal lines, notes included, never pass the width: the 547-character import line of issue 17 is cut', () => {
    let screen = '';
    const stream = { columns: 80, write: (s: string) => { screen += s; return true; } } as unknown as NodeJS.WriteStream;
    const p = ttyProgress(stream);
    p.start(['a-variant-with-a-rather-long-name']);
    p.phase('a-variant-with-a-rather-long-name', `step [3/9] RUN pip install ${'package '.repeat(40)}`);
    p.note(`import analysis: the app needs 41 distribution(s): ${'some-distribution '.repeat(28)}`);
    p.stop();
    const lines = screen.replace(/\x1b\[\d*[A-Z]/g, '').split('\n').filter((l) => l !== '');
    expect(lines.length).toBeGreaterThan(2);
    for (const l of lines) expect([...l].length).toBeLessThanOrEqual(79);
    expect(lines.some((l) => l.endsWith('…'))).toBe(true);
  });

  it('fitLine cuts with an ellipsis only what is longer than the width', () => {
    expect(fitLine('short', 10)).toBe('short');
    expect(fitLine('exactly 10', 10)).toBe('exactly 10');
    expect(fitLine('one too long', 11)).toBe('one too lo…');
  });

  it('the import analysis is a one-line summary with counts, the lists left to the file it names', () => {
    const keep = Array.from({ length: 41 }, (_, i) => `distribution-${i}`);
    const line = summarizeEvidence({ method: 'import-analysis', keep, aptKeep: ['python3-yaml'], unresolved: ['foo', 'bar'] }, '/out/logs/import-analysis.txt');
    expect(line).toBe('import analysis: 41 distributions needed, 1 Debian package, 2 imported but not installed (lists: /out/logs/import-analysis.txt)');
    expect(summarizeEvidence({ method: 'fallback-list', keep: [], reason: 'x'.repeat(400) }, 'f').length).toBeLessThan(120);
  });
});
