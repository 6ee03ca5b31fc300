// The text of new instructions that rules write (a builder's FROM, a COPY --from, a moved COPY): flags are
// rendered here only, as BuildKit reads them. Existing lines are never re-rendered (see print.ts).
import type { Flag } from './model.js';

/** `--name=value`, or `--name` for a flag written without a value. */
export function renderFlag(flag: Flag): string {
  return flag.value === null ? `--${flag.name}` : `--${flag.name}=${flag.value}`;
}

/** The flags space-separated, in the given order; '' for none. */
export function renderFlags(flags: readonly Flag[]): string {
  return flags.map(renderFlag).join(' ');
}

/** `KEYWORD --flag … args`: the flags between keyword and arguments, no double space when there are none. */
export function instructionText(keyword: string, flags: readonly Flag[], args: string): string {
  const rendered = renderFlags(flags);
  return rendered === '' ? `${keyword} ${args}` : `${keyword} ${rendered} ${args}`;
}

/** The FROM of a new or re-based stage: the given flags (--platform …) kept, `AS name` when it has one. */
export function fromText(flags: readonly Flag[], image: string, name: string | null): string {
  return instructionText('FROM', flags, name === null ? image : `${image} AS ${name}`);
}
