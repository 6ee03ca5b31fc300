// minify: the image becomes one layer holding only the kept paths (.dflab-minify.keep, from the traced probes), so
// the prediction is the whole original out — every category of its attribution, base and waste included — and the
// kept files in, at their sizes in the original's final filesystem (directories and symlinks hold no bytes).
import { KEEP_FILE } from '../rules/minify/index.js';
import { reason } from '../reasons.js';
import { contributor, type Predictor, type Unit } from './types.js';

export const minify: Predictor = (a, v, f) => {
  const list = v.files.find((x) => x.path === KEEP_FILE)?.newText;
  if (!list) return { ok: false, reason: reason('nothing-predicted', `the variant writes no ${KEEP_FILE}: nothing says what it keeps`) };
  if (!f.finalFiles) return { ok: false, reason: reason('original-not-attributed', "the original's final filesystem was not read: the kept files cannot be sized") };
  const paths = list.split('\n').filter(Boolean);
  let kept = 0;
  let files = 0;
  for (const p of paths) {
    const bytes = f.finalFiles.get(p);
    if (bytes === undefined) continue;
    kept += bytes;
    files++;
  }
  const dropped: Unit[] = a.categories.filter((c) => c.bytes > 0).map((c) => ({ key: `minify:all:${c.category}`, bytes: -c.bytes, category: c.category }));
  return {
    ok: true,
    contributors: [
      contributor(`the original's ${a.categories.reduce((s, c) => s + c.files, 0)} files, base and waste included`, dropped),
      contributor(`the ${files} files the smoke probes touched (${paths.length} paths in ${KEEP_FILE})`, [{ key: 'minify:kept', bytes: kept, category: 'other' }]),
    ],
  };
};
