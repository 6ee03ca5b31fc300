// How much a time varies between measurements of the same thing (pure). The spread of a set of observations is
// half their range: the figure shown as "± s" beside the median. With two or three observations — what a run
// usually has — a standard deviation would claim more precision than the data holds; half the range is what was
// actually seen either side.

/** The middle observation (the mean of the two middle ones for an even count); NaN for none. */
export function median(xs: readonly number[]): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Half the range of the observations; null with fewer than two (one observation says nothing about noise). */
export function spreadOf(xs: readonly number[]): number | null {
  if (xs.length < 2) return null;
  return (Math.max(...xs) - Math.min(...xs)) / 2;
}

/**
 * The spread of a sum of independently measured parts (a build's steps): the square root of the sum of squares,
 * as independent errors combine. Null when a part that takes time has no known spread: the total's noise is then
 * unknown, not smaller. Parts of 0 s (cache hits that cost nothing, the base image's FROM) need none.
 */
export function combinedSpread(parts: readonly { seconds: number; spread: number | null }[]): number | null {
  let squares = 0;
  for (const p of parts) {
    if (p.spread === null) {
      if (p.seconds > 0) return null;
      continue;
    }
    squares += p.spread ** 2;
  }
  return Math.sqrt(squares);
}
