// Gathers what the unreferenced-files analysis reads (analysis/context): every context file's size and, when some
// file is large enough to be guessed, the texts that could name it (sources, scripts, configs) and dflab.yaml.
// The analysis decides; this only reads.
import { readFile, stat } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import { mayGuess, wantsText, type ContextScan } from '../analysis/context/index.js';
import { CONFIG_FILE_NAME } from '../config/index.js';

/** At most this many bytes of texts are read; past it the scan is incomplete and nothing is guessed. */
const TEXT_BUDGET_BYTES = 64 * 1024 * 1024;
/** Files stat-ed at once. */
const BATCH = 64;

export async function scanContext(contextDir: string, paths: readonly string[], projectDir: string): Promise<ContextScan> {
  const sizes: Record<string, number> = {};
  for (let i = 0; i < paths.length; i += BATCH) {
    const batch = paths.slice(i, i + BATCH);
    const got = await Promise.all(batch.map((p) => stat(join(contextDir, p)).then((s) => s.size, () => 0))); // a dangling symlink: 0
    batch.forEach((p, k) => (sizes[p] = got[k]!));
  }
  const texts: Record<string, string> = {};
  if (!mayGuess(sizes)) return { sizes, texts, complete: true };
  let budget = TEXT_BUDGET_BYTES;
  const wanted = paths.filter((p) => wantsText(p, sizes[p]!));
  const config = relative(contextDir, resolve(projectDir, CONFIG_FILE_NAME)).split(sep).join('/');
  if (!wanted.includes(config)) wanted.push(config);
  for (const p of wanted) {
    budget -= sizes[p] ?? 0;
    if (budget < 0) return { sizes, texts, complete: false };
    const text = await readFile(join(contextDir, p), 'utf8').catch(() => null);
    if (text !== null && !text.includes('\0')) texts[p] = text;
  }
  return { sizes, texts, complete: true };
}
