// Line bookkeeping for a text: line starts, (line, character) → offset, line ends. Line breaks are counted
// the way dockerfile-ast's text document counts them ("\r\n", "\n" or a lone "\r"), so its positions map
// onto our offsets exactly, CRLF files included.

export class LineIndex {
  /** Offset of the first character of each line (0-based lines). */
  readonly starts: number[];

  constructor(readonly text: string) {
    const starts = [0];
    for (let i = 0; i < text.length; i++) {
      const ch = text.charCodeAt(i);
      if (ch === 13 /* \r */) {
        if (text.charCodeAt(i + 1) === 10) i++;
        starts.push(i + 1);
      } else if (ch === 10 /* \n */) {
        starts.push(i + 1);
      }
    }
    this.starts = starts;
  }

  get lineCount(): number {
    return this.starts.length;
  }

  /** Offset of a 0-based (line, character) position, clamped to the text. */
  offsetAt(line: number, character: number): number {
    if (line >= this.starts.length) return this.text.length;
    const start = this.starts[Math.max(0, line)]!;
    return Math.min(start + character, this.contentEnd(line));
  }

  /** 0-based line holding an offset. */
  lineAt(offset: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** Offset of the end of a 0-based line's content, before its line break. */
  contentEnd(line: number): number {
    const next = this.starts[line + 1];
    if (next === undefined) return this.text.length;
    const text = this.text;
    if (text.charCodeAt(next - 1) === 10 && text.charCodeAt(next - 2) === 13) return next - 2;
    return next - 1;
  }

  /** Offset just after a 0-based line's line break (text.length for the last line). */
  lineEnd(line: number): number {
    return this.starts[line + 1] ?? this.text.length;
  }

  /** The line break ending a 0-based line ("" for a last line without one). */
  breakOf(line: number): string {
    return this.text.slice(this.contentEnd(line), this.lineEnd(line));
  }

  /** The text of a 0-based line without its line break. */
  content(line: number): string {
    return this.text.slice(this.starts[line] ?? this.text.length, this.contentEnd(line));
  }
}

/** The file's line break style: the first one found, "\n" when there is none. */
export function detectEol(text: string): string {
  const m = /\r\n|\n|\r/.exec(text);
  return m ? m[0] : '\n';
}
