// What an `rm` command removes: its targets, and whether a target takes a given path with it (the path itself,
// a directory above it, its contents `dir/*`, or a glob matching it or a directory above it). Pure.
import type { SimpleCommand } from './shell.js';
import { globMatch } from './glob.js';

/** The paths an `rm` names (options and `--` left out); [] for other commands. */
export function rmTargets(cmd: SimpleCommand): string[] {
  if (cmd.name !== 'rm') return [];
  const out: string[] = [];
  let options = true;
  for (const w of cmd.words.slice(1)) {
    if (options && w === '--') options = false;
    else if (!(options && w.startsWith('-') && w !== '-')) out.push(w);
  }
  return out;
}

/**
 * True when removing `target` removes everything under `path` (both absolute, or both under `~/`). A target
 * `dir/*` counts as `dir` (its contents go; an empty directory staying behind weighs nothing).
 */
export function removesPath(target: string, path: string): boolean {
  const t = target.replace(/\/\*{1,2}$/, '').replace(/\/+$/, '');
  if (t === '' || t === '~' || t.includes('$')) return false;
  const parts = path.replace(/\/+$/, '').split('/');
  for (let i = 2; i <= parts.length; i++) if (globMatch(t, parts.slice(0, i).join('/'))) return true;
  return false;
}
