// What a variant installs instead (pure): distributions and Debian packages sized from the local package metadata
// the caller gathered (a wheel directory: each wheel's file size and its files' size unpacked; apt's Installed-Size),
// each with what it requires that the image does not hold yet. What the metadata lacks is named, never guessed.
import { normalizeName, requirementName } from '../analysis/python/requirements.js';
import type { Attribution } from '../measure/attribution/index.js';
import type { PackageIndex, Unit, WheelFacts } from './types.js';

export interface Added {
  units: Unit[];
  /** The wheel files' bytes (what pip's cache would hold of them). */
  fileBytes: number;
  /** What the metadata does not size. */
  missing: string[];
}

/** Python distributions installed in the image, by normalized name. */
export function installedDists(a: Attribution): Set<string> {
  return new Set(a.packages.filter((p) => p.kind === 'python').map((p) => normalizeName(p.name)));
}

/** `names` and what they require, less `present`, from the index's wheels (`pick` chooses among a name's wheels). */
export function wheelsAdded(names: readonly string[], index: PackageIndex | undefined, present: ReadonlySet<string>, pick: (w: readonly WheelFacts[]) => WheelFacts | undefined = (w) => w[0]): Added {
  const out: Added = { units: [], fileBytes: 0, missing: [] };
  const seen = new Set<string>();
  const stack = names.map(normalizeName);
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (seen.has(n) || present.has(n)) continue;
    seen.add(n);
    const w = pick(index?.wheels.get(n) ?? []);
    if (!w) {
      out.missing.push(n);
      continue;
    }
    out.units.push({ key: `wheel:${n}`, bytes: w.unpackedBytes, category: 'python' });
    out.fileBytes += w.fileBytes;
    for (const r of w.requires) {
      const [spec, marker = ''] = r.split(';');
      const name = /\bextra\s*==/.test(marker) ? null : requirementName(spec!);
      if (name) stack.push(name);
    }
  }
  return out;
}

/** `names` and what they Depend on, less the Debian packages the image holds, from apt's metadata. */
export function debsAdded(a: Attribution, names: readonly string[], index: PackageIndex | undefined): Added {
  const present = new Set(a.packages.filter((p) => p.kind === 'deb').map((p) => p.name));
  const out: Added = { units: [], fileBytes: 0, missing: [] };
  const seen = new Set<string>();
  const stack = [...names];
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (seen.has(n) || present.has(n)) continue;
    seen.add(n);
    const d = index?.debs.get(n);
    if (!d) {
      out.missing.push(n);
      continue;
    }
    out.units.push({ key: `apt:${n}`, bytes: d.installedBytes, category: 'deb' });
    stack.push(...d.requires);
  }
  return out;
}

/** A CPU build of torch & co.: a `+cpu` local version first, never a `+cu…` one. */
export function cpuWheel(wheels: readonly WheelFacts[]): WheelFacts | undefined {
  const cpu = wheels.filter((w) => !/\+cu\d/.test(w.version));
  return cpu.find((w) => w.version.includes('+cpu')) ?? cpu[0];
}
