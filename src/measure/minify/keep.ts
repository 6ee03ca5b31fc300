// The files a minified image keeps (pure): what the traced probes touched, resolved against the original image's
// listing — every symlink on the way kept as a symlink, every parent directory kept — plus the dynamic loader,
// /etc basics, the working directory, /tmp, and what dflab.yaml's minify.keep names (a directory there: all of it).
import { posix } from 'node:path';

/** One row of the image listing: find's type letter (f, d, l …) and, for a symlink, its target. */
export interface ListingEntry { type: string; target: string }
export type Listing = Map<string, ListingEntry>;

/** Read while the app runs, so present whatever the probes did. */
const ETC_BASICS = ['/etc/passwd', '/etc/group', '/etc/nsswitch.conf', '/etc/hosts', '/etc/resolv.conf', '/etc/ssl/certs/ca-certificates.crt'];
/**
 * The kernel maps an executable's ELF interpreter itself: no syscall of the app names it. Its usual PT_INTERP
 * paths (those an image lacks resolve to nothing), and every loader file the image holds.
 */
const INTERPRETERS = ['/lib64/ld-linux-x86-64.so.2', '/lib/ld-linux-aarch64.so.1', '/lib/ld-linux-armhf.so.3', '/lib/ld-musl-x86_64.so.1', '/lib/ld-musl-aarch64.so.1'];
const LOADER = /(^|\/)lib(32|64)?\/(?:[^/]+\/)?ld-(?:linux[^/]*|musl[^/]*)\.so(?:\.\d+)*$/;
/** Mounted by the engine at run time: never part of the image. */
const RUNTIME = /^\/(proc|sys|dev)(\/|$)/;
const MAX_LINKS = 40;

/** `find -printf "%y\0%P\0%l\0"` output → path (absolute) → entry. */
export function parseListing(text: string): Listing {
  const parts = text.split('\0');
  const listing: Listing = new Map();
  for (let i = 0; i + 2 < parts.length; i += 3) {
    const path = parts[i + 1]!;
    if (path === '') continue;
    listing.set(`/${path}`, { type: parts[i]!, target: parts[i + 2]! });
  }
  return listing;
}

export interface KeepInput { traced: string[]; listing: Listing; workdir: string; keep: string[] }

/** The kept paths, relative to / and sorted (parents before children): what `tar --no-recursion -T` reads. */
export function keepSet({ traced, listing, workdir, keep }: KeepInput): string[] {
  const out = new Set<string>();
  const wanted = [...traced, ...ETC_BASICS, workdir || '/', '/tmp', ...INTERPRETERS, ...[...listing.keys()].filter((p) => LOADER.test(p))];
  for (const path of wanted) if (!RUNTIME.test(path)) resolveInto(path, listing, out);
  for (const path of keep) {
    const real = resolveInto(posix.resolve('/', path), listing, out);
    if (real !== null && listing.get(real)?.type === 'd') {
      for (const p of listing.keys()) if (p.startsWith(`${real}/`)) resolveInto(p, listing, out);
    }
  }
  out.delete('/');
  return [...out].filter((p) => !p.includes('\n')).map((p) => p.slice(1)).sort();
}

/**
 * Walks `path` from / as the kernel would, adding each component (symlinks as themselves, then their targets);
 * returns the real path, or null when it is not in the image (made at run time, or a dangling link).
 */
function resolveInto(path: string, listing: Listing, out: Set<string>): string | null {
  let hops = 0;
  let todo = path.split('/').filter(Boolean);
  let cur = '';
  while (todo.length > 0) {
    const name = todo.shift()!;
    if (name === '.') continue;
    if (name === '..') { cur = posix.dirname(cur || '/') === '/' ? '' : posix.dirname(cur); continue; }
    const next = `${cur}/${name}`;
    const entry = listing.get(next);
    if (!entry) return null;
    out.add(next);
    if (entry.type !== 'l') { cur = next; continue; }
    if (++hops > MAX_LINKS) return null;
    // An absolute target starts again at /; a relative one goes on from the link's directory (cur).
    if (entry.target.startsWith('/')) cur = '';
    todo = [...entry.target.split('/').filter(Boolean), ...todo];
  }
  return cur || '/';
}

/** The image's own shell and GNU tar (absolute paths as the image names them), when it has both. */
export interface PickTools { shell: string; tar: string }

const SHELLS = ['/bin/sh', '/usr/bin/sh'];
const TARS = ['/usr/bin/tar', '/bin/tar'];

/**
 * Whether the minify pick stage can run on the image itself: a shell, and a tar that is a file of its own named
 * tar (GNU tar as distributions install it; busybox's tar is a link to busybox, with options of its own).
 * Null for distroless, scratch and busybox-only images: the pick stage then brings its own tools.
 */
export function pickTools(listing: Listing): PickTools | null {
  const shell = SHELLS.find((p) => realFile(p, listing) !== null);
  const tar = TARS.find((p) => posix.basename(realFile(p, listing) ?? '') === 'tar');
  return shell && tar ? { shell, tar } : null;
}

/** `path` followed through its symlinks to a regular file of the listing, or null. */
function realFile(path: string, listing: Listing): string | null {
  const real = resolveInto(path, listing, new Set());
  return real !== null && listing.get(real)?.type === 'f' ? real : null;
}
