// dockerignore: the context files the variant's .dockerignore drops, sized by the COPY matching of the attribution.
// Each matched COPY group ("data/raw/") loses the share of its context bytes the new file ignores and the old one
// did not: a group ignored whole loses exactly what it holds in the image.
import dockerignoreLib from '@balena/dockerignore';
import { groupOf, type ContextFile } from '../measure/attribution/index.js';
import { reason } from '../reasons.js';
import { contributor, type Contributor, type Predictor } from './types.js';

const FILE = '.dockerignore';

export const dockerignore: Predictor = (a, v, f) => {
  const edit = v.files.find((e) => e.path === FILE);
  if (!edit || edit.newText === null) return { ok: false, reason: reason('nothing-predicted', `the variant writes no ${FILE}`) };
  if (f.context === null) return { ok: false, reason: reason('context-unknown', "the build context's files are not known: the dropped files cannot be sized") };
  const before = dockerignoreLib.default().add(lines(f.files[FILE] ?? ''));
  const after = dockerignoreLib.default().add(lines(edit.newText));
  const groups = byGroup(f.context.filter((c) => !before.ignores(c.path)), (c) => after.ignores(c.path));
  const out: Contributor[] = [];
  for (const copy of a.copies) {
    for (const g of copy.groups) {
      const ctx = g.matched ? groups.get(g.path) : undefined;
      if (!ctx || ctx.dropped === 0) continue;
      const bytes = Math.round((g.bytes * ctx.dropped) / ctx.total);
      out.push(contributor(`${g.path} (${ctx.dropped === ctx.total ? 'all of it' : 'part'}) from layer ${copy.layer}`, [{ key: `copy:${copy.layer}:${g.path}`, bytes: -bytes, category: 'copy' }]));
    }
  }
  return { ok: true, contributors: out.sort((x, y) => x.bytes - y.bytes) };
};

/** Context bytes per COPY group path, and how many of them the new file ignores. */
function byGroup(files: readonly ContextFile[], dropped: (c: ContextFile) => boolean): Map<string, { total: number; dropped: number }> {
  const out = new Map<string, { total: number; dropped: number }>();
  for (const c of files) {
    const g = out.get(groupOf(c.path)) ?? { total: 0, dropped: 0 };
    g.total += c.size;
    if (dropped(c)) g.dropped += c.size;
    out.set(groupOf(c.path), g);
  }
  return out;
}

function lines(text: string): string[] {
  return text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
}
