// Progress of a trial. On a terminal: one live line per variant (state, current step, elapsed), redrawn in
// place, and notes above it, every line cut to the terminal's width. Elsewhere (CI, pipes): plain timestamped
// lines kept whole — a log has no width to fit, its viewer wraps, and a cut there would lose for good what the
// line said; long lists are summarised at the source instead (see recordEvidence). Both write to stderr.
import type { Outcome } from '../results.js';

export interface Progress {
  start(variants: string[]): void;
  phase(variant: string, phase: string): void;
  /** The variant is finished: its outcome, then `detail` as written after it (", 1.2 GB: why"). */
  done(variant: string, outcome: Outcome, detail: string): void;
  /** Free-form line (warnings, run header). */
  note(line: string): void;
  stop(): void;
}

export const silentProgress: Progress = { start() {}, phase() {}, done() {}, note() {}, stop() {} };

export function plainProgress(write: (s: string) => void, now: () => Date = () => new Date()): Progress {
  const t0 = now().getTime();
  const stamp = () => `${now().toISOString().slice(11, 19)} +${Math.round((now().getTime() - t0) / 1000)}s`;
  return {
    start: (variants) => write(`${stamp()} variants: ${variants.join(', ')}\n`),
    // Step-by-step lines would flood a CI log; only phase changes are printed there.
    phase: (variant, phase) => { if (!phase.startsWith('step ')) write(`${stamp()} ${variant}: ${phase}\n`); },
    done: (variant, outcome, detail) => write(`${stamp()} ${variant}: ${outcome}${detail}\n`),
    note: (line) => write(`${stamp()} ${line}\n`),
    stop: () => undefined,
  };
}

export function ttyProgress(stream: NodeJS.WriteStream): Progress {
  const rows = new Map<string, { phase: string; since: number; done: boolean }>();
  const started = Date.now();
  let drawn = 0;
  let timer: NodeJS.Timeout | undefined;
  const draw = () => {
    const width = stream.columns ?? 100;
    const lines = [...rows.entries()].map(([name, r]) => {
      const secs = Math.round(((r.done ? r.since : Date.now()) - started) / 1000);
      return fitLine(`${r.done ? '✓' : '·'} ${name.padEnd(22)} ${String(secs).padStart(4)}s  ${r.phase}`, width - 1);
    });
    if (drawn > 0) stream.write(`\x1b[${drawn}A`);
    stream.write(lines.map((l) => `\x1b[2K${l}\n`).join(''));
    drawn = lines.length;
  };
  return {
    start(variants) {
      for (const v of variants) rows.set(v, { phase: 'queued', since: Date.now(), done: false });
      draw();
      timer = setInterval(draw, 1000);
      timer.unref();
    },
    phase(variant, phase) {
      rows.set(variant, { phase, since: Date.now(), done: false });
      draw();
    },
    done(variant, outcome, detail) {
      rows.set(variant, { phase: `${outcome}${detail}`, since: Date.now(), done: true });
      draw();
    },
    note(line) {
      // Notes go above the live block: clear it, print, redraw.
      if (drawn > 0) stream.write(`\x1b[${drawn}A\x1b[0J`);
      drawn = 0;
      // One column short of the width: a line that fills the last column wraps on some terminals.
      const width = (stream.columns ?? 100) - 1;
      stream.write(`${line.split('\n').map((l) => fitLine(l, width)).join('\n')}\n`);
      if (rows.size > 0) draw();
    },
    stop() {
      if (timer) clearInterval(timer);
      if (rows.size > 0) draw();
    },
  };
}

/** The line as it fits `width` columns: cut with an ellipsis when longer. */
export function fitLine(line: string, width: number): string {
  const chars = [...line];
  return chars.length <= width ? line : `${chars.slice(0, Math.max(0, width - 1)).join('')}…`;
}
