// `dflab diff A B`: what changed between two local images — size, compressed size, the directories that grew
// or shrank, packages and files added and removed (what container-diff did; dive #365 asks for it).
import prettyBytes from 'pretty-bytes';
import { requireEngine } from '../engine/availability.js';
import { inspectImage } from '../engine/docker.js';
import { readLayerEntries } from '../engine/layer-contents.js';
import { pushForCompressedSize, registryAnswers } from '../engine/registry.js';
import { EXIT, UserError } from '../errors.js';
import { diffInventories, type ImageDiff } from '../measure/image-diff.js';
import { inventoryOf } from '../measure/inventory.js';
import { packageDbWant, withTexts } from '../measure/package-sizes.js';

export interface ImageDiffReport extends ImageDiff {
  before: { image: string; sizeBytes: number; compressedBytes: number | null };
  after: { image: string; sizeBytes: number; compressedBytes: number | null };
}

export async function diffCommand(a: string, b: string, flags: { json?: boolean; top?: number }): Promise<number> {
  await requireEngine();
  const [infoA, infoB] = await Promise.all([inspectImage(a), inspectImage(b)]);
  for (const [ref, info] of [[a, infoA], [b, infoB]] as const) {
    if (!info) throw new UserError(`image not found: ${ref}`, { hint: 'build or pull it first; `docker images` lists what is local' });
  }
  const [layersA, layersB] = [await readLayerEntries(a, packageDbWant), await readLayerEntries(b, packageDbWant)];
  const diff = diffInventories(inventoryOf(layersA.map(withTexts), true), inventoryOf(layersB.map(withTexts), true), flags.top ?? 15);
  const registryDown = await registryAnswers();
  const compressed = async (ref: string, tag: string) => (registryDown ? null
    : (await pushForCompressedSize(ref, `dflab/diff-${process.pid}`, tag).catch(() => null))?.compressedBytes ?? null);
  const report: ImageDiffReport = {
    before: { image: a, sizeBytes: infoA!.sizeBytes, compressedBytes: await compressed(a, 'a') },
    after: { image: b, sizeBytes: infoB!.sizeBytes, compressedBytes: await compressed(b, 'b') },
    ...diff,
  };
  console.log(flags.json ? JSON.stringify(report, null, 2) : formatDiff(report, registryDown));
  return EXIT.ok;
}

export function formatDiff(r: ImageDiffReport, registryDown: string | null = null): string {
  const b = (n: number) => prettyBytes(n);
  const signed = (n: number) => prettyBytes(n, { signed: true });
  const pair = (x: number | null, y: number | null) => (x === null || y === null ? `not measured (${registryDown ?? 'push failed'})` : `${b(x)} → ${b(y)} (${signed(y - x)})`);
  const lines = [
    `${r.before.image} → ${r.after.image}`,
    `size        ${pair(r.before.sizeBytes, r.after.sizeBytes)}`,
    `compressed  ${pair(r.before.compressedBytes, r.after.compressedBytes)}`,
    `files       ${signed(r.filesystemDeltaBytes)} in the final filesystem`,
    '',
    'directories that changed most:',
    ...r.dirs.map((d) => `  ${signed(d.deltaBytes).padStart(10)}  /${d.path}  (${b(d.beforeBytes)} → ${b(d.afterBytes)})`),
  ];
  lines.push(...packageList('removed', r.packagesRemoved, r.packageBytes), ...packageList('added', r.packagesAdded, r.packageBytes));
  if (r.packagesChanged.length) lines.push('', `${r.packagesChanged.length} packages changed:`, `  ${r.packagesChanged.slice(0, 60).join(', ')}${more(r.packagesChanged.length, 60)}`);
  for (const [title, side] of [['files removed', r.filesRemoved], ['files added', r.filesAdded]] as const) {
    if (!side || side.count === 0) continue;
    lines.push('', `${title}: ${side.count}, ${b(side.bytes)}; largest:`, ...side.largest.map((f) => `  ${b(f.bytes).padStart(10)}  /${f.path}`));
  }
  return lines.join('\n');
}

const LISTED_PACKAGES = 25;

/** "312 packages removed, 2.1 GB:" then the largest, one a line with its size (by name when sizes are unknown). */
export function packageList(what: 'removed' | 'added', names: readonly string[], sizes: Record<string, number> = {}): string[] {
  if (names.length === 0) return [];
  const sized = names.filter((n) => sizes[n] !== undefined);
  const total = sized.reduce((sum, n) => sum + sizes[n]!, 0);
  const head = `${names.length} package${names.length === 1 ? '' : 's'} ${what}${sized.length ? `, ${prettyBytes(total)}${sized.length < names.length ? ` (${sized.length} sized)` : ''}` : ''}:`;
  if (sized.length === 0) return ['', head, `  ${names.slice(0, 60).join(' ')}${more(names.length, 60)}`];
  const rows = names.slice(0, LISTED_PACKAGES).map((n) => `  ${(sizes[n] === undefined ? '?' : prettyBytes(sizes[n])).padStart(10)}  ${n}`);
  return ['', head, ...rows, ...(names.length > LISTED_PACKAGES ? [`  … and ${names.length - LISTED_PACKAGES} more (--json lists all)`] : [])];
}

function more(total: number, shown: number): string {
  return total > shown ? ` … and ${total - shown} more (--json lists all)` : '';
}
