// Which layer files attribution reads as text (pure): the package databases that say who owns which path.
// The engine asks this for every regular file while it streams the layers, so the image is read once.
import { createHash } from 'node:crypto';

const MiB = 1 << 20;
/** METADATA / PKG-INFO: only the headers are needed, and they come first. */
const HEADERS = 64 * 1024;

const WANTS: [RegExp, number][] = [
  [/^var\/lib\/dpkg\/status$/, 64 * MiB],
  [/^var\/lib\/dpkg\/status\.d\/[^/]+$/, 4 * MiB], // distroless: one stanza (and .md5sums) per package
  [/^var\/lib\/dpkg\/info\/[^/]+\.(?:list|md5sums)$/, 16 * MiB],
  [/^var\/lib\/apt\/extended_states$/, 16 * MiB],
  [/\.dist-info\/RECORD$/, 32 * MiB],
  [/\.dist-info\/(?:METADATA|top_level\.txt)$/, HEADERS],
  [/\.egg-info\/installed-files\.txt$/, 32 * MiB],
  [/\.egg-info\/(?:PKG-INFO|top_level\.txt|requires\.txt)$/, HEADERS],
  [/(?:^|\/)conda-meta\/[^/]+\.json$/, 64 * MiB],
];

/** How many bytes of `path` to keep (0: none). */
export function attributionWants(path: string): number {
  for (const [re, limit] of WANTS) if (re.test(path)) return limit;
  return 0;
}

/** Names this table in the layer cache (engine/layer-cache.ts): derived from its patterns and limits, so an edited
 *  table is a new key and never takes texts cached under the old one, which may lack files it now wants. */
export const attributionWantsKey = `attribution/${createHash('sha256')
  .update(WANTS.map(([re, limit]) => `${re.source}/${re.flags} ${limit}`).join('\n'))
  .digest('hex').slice(0, 12)}`;
