// `dflab analyze --attribute` as text: the categories with their largest sources, per package what only it
// pulls in, the COPY layers by context path, and the line that says how much of the image is accounted for.
import prettyBytes from 'pretty-bytes';
import type { Attribution, PackageBytes } from '../measure/attribution/index.js';

const TOP = 8;
const b = (n: number) => prettyBytes(n);
const pct = (n: number, of: number) => `${of === 0 ? '0.0' : ((n / of) * 100).toFixed(1)}%`;

export function formatAttribution(a: Attribution): string {
  const lines = [
    `${a.image}: ${b(a.sizeBytes)}`,
    `attributed ${b(a.attributedBytes)} of ${b(a.sizeBytes)} (${pct(a.attributedBytes, a.sizeBytes)}); "other" (no known source) ${b(a.otherBytes)} (${pct(a.otherBytes, a.attributedBytes)})`,
    '',
    'by category:',
  ];
  for (const c of a.categories) {
    lines.push(`  ${c.category.padEnd(10)} ${b(c.bytes).padStart(9)} ${pct(c.bytes, a.attributedBytes).padStart(6)}  ${c.files} files, ${c.sourceCount} sources`);
    for (const s of c.top.slice(0, c.category === 'deb' || c.category === 'python' ? 0 : TOP)) lines.push(`      ${b(s.bytes).padStart(9)}  ${s.name}`);
  }
  for (const kind of ['deb', 'python', 'conda'] as const) {
    const pkgs = a.packages.filter((p) => p.kind === kind && p.bytes + p.onlyPulls.bytes > 0).slice(0, TOP * 2);
    if (pkgs.length === 0) continue;
    lines.push('', `${kind} packages above the base (own bytes + what only they pull in):`);
    for (const p of pkgs) lines.push(packageLine(p));
  }
  if (a.copies.length > 0) lines.push('', 'COPY/ADD layers by context path:');
  for (const c of a.copies) {
    lines.push(`  layer ${c.layer}: ${c.instruction} — ${b(c.bytes)}, ${c.files} files, ${b(c.matchedBytes)} matched to the context`);
    for (const g of c.groups.slice(0, TOP)) lines.push(`      ${b(g.bytes).padStart(9)}  ${g.path}${g.matched ? '' : ' (not matched)'}`);
  }
  return lines.join('\n');
}

function packageLine(p: PackageBytes): string {
  const pulls = p.onlyPulls.names.length === 0 ? '' : ` and ${p.onlyPulls.names.length} packages only it pulls in (${b(p.onlyPulls.bytes)}: ${names(p.onlyPulls.names)})`;
  return `  ${b(p.bytes + p.onlyPulls.bytes).padStart(9)}  ${p.name} ${p.version}: ${b(p.bytes)}${pulls}`;
}

function names(list: string[]): string {
  return list.length <= 4 ? list.join(', ') : `${list.slice(0, 4).join(', ')} …`;
}
