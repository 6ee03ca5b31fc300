// report.md must fit a GitHub PR comment (65,536 characters). When it does not, the biggest code
// blocks are cut first, all down to a common size, each with a visible note: diffs first, then
// logs. Only if that is still not enough is the text itself cut.
import type { Block, ReportView } from './view.js';

export const MAX_REPORT_CHARS = 65_000;
/** Extra to cut per attempt: the truncation notes themselves take room. */
const NOTE_ROOM = 500;
const MAX_ATTEMPTS = 8;

export function renderWithinBudget(view: ReportView, render: (view: ReportView) => string, max = MAX_REPORT_CHARS): string {
  let text = render(view);
  const phases = [
    view.details.flatMap((d) => (d.diff ? [d.diff] : [])),
    view.details.flatMap((d) => [d.errorLog, d.smokeOutput].filter((b): b is Block => b !== null)),
  ];
  for (const blocks of phases) {
    for (let attempt = 0; attempt < MAX_ATTEMPTS && text.length > max; attempt++) {
      if (!cutToLevel(blocks, text.length - max + NOTE_ROOM)) break;
      text = render(view);
    }
  }
  return text.length > max ? cutText(text, max) : text;
}

/** Cuts the longest blocks down to one level so that `reduce` characters go; false if nothing is left to cut. */
function cutToLevel(blocks: Block[], reduce: number): boolean {
  const lengths = blocks.map((b) => b.text.length);
  const excessAt = (level: number) => lengths.reduce((sum, n) => sum + Math.max(0, n - level), 0);
  if (excessAt(0) === 0) return false;
  // The highest level that still removes enough (0 when even removing everything is not enough).
  let [lo, hi] = [0, Math.max(...lengths)];
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (excessAt(mid) >= reduce) lo = mid;
    else hi = mid - 1;
  }
  for (const b of blocks) if (b.text.length > lo) cutBlock(b, lo);
  return true;
}

function cutBlock(b: Block, maxChars: number): void {
  const lines = b.full.replace(/\n$/, '').split('\n');
  const kept: string[] = [];
  let size = 0;
  const order = b.keep === 'head' ? lines : [...lines].reverse();
  for (const line of order) {
    if (size + line.length + 1 > maxChars) break;
    kept.push(line);
    size += line.length + 1;
  }
  if (b.keep === 'tail') kept.reverse();
  b.text = kept.length ? `${kept.join('\n')}\n` : '';
  b.note = truncationNote(b, kept.length, lines.length);
}

function truncationNote(b: Block, shown: number, total: number): string {
  const full = b.fullPath ? ` The full patch is ${b.fullPath} in the run's out dir.` : '';
  if (b.lang === 'diff') {
    return shown === 0
      ? `Diff left out to fit a PR comment (${total} lines).${full}`
      : `Diff cut to fit a PR comment: showing the first ${shown} of ${total} lines.${full}`;
  }
  return shown === 0
    ? `Output left out to fit a PR comment (${total} lines).`
    : `Output cut to fit a PR comment: showing the last ${shown} of ${total} lines.`;
}

/** Last resort (say, thousands of variants): cut the text at a line and say so. */
function cutText(text: string, max: number): string {
  const tail = '\n\n---\n\n**Report cut here to fit a PR comment.** results.json in the run\'s out dir has everything.\n';
  const head = text.slice(0, max - tail.length);
  return head.slice(0, Math.max(0, head.lastIndexOf('\n'))) + tail;
}
