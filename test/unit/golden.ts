// Golden files: expected outputs stored beside the fixtures. `UPDATE_GOLDEN=1 npx vitest run …` rewrites
// them from the current output (and removes stale ones); review every change before committing it.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { expect } from 'vitest';

export const UPDATE_GOLDEN = process.env.UPDATE_GOLDEN === '1';

/** Compares `actual` with the golden file at `path`; with actual === null the golden file must not exist. */
export function expectGolden(path: string, actual: string | null): void {
  if (UPDATE_GOLDEN) {
    if (actual === null) rmSync(path, { force: true });
    else {
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, actual);
    }
    return;
  }
  if (actual === null) {
    expect(existsSync(path), `${path} should not exist (run with UPDATE_GOLDEN=1 to remove it)`).toBe(false);
    return;
  }
  if (!existsSync(path)) throw new Error(`missing golden file ${path}: run with UPDATE_GOLDEN=1, then review it`);
  expect(actual, `golden file ${path}`).toBe(readFileSync(path, 'utf8'));
}
