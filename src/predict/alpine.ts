// base-alpine: the alpine base's size instead of the original's base layers, when the alpine image is local — the
// offline lab cannot make one (DESIGN.md), so there the variant stays unpredicted with base-size-unknown. The apk
// packages that replace the Debian ones above the base are not sized offline: they count at the Debian size.
import { reason } from '../reasons.js';
import { baseDifference } from './base.js';
import { finalView } from './final-stage.js';
import { contributor, type Contributor, type Predictor } from './types.js';

export const baseAlpine: Predictor = (a, v, f) => {
  const view = finalView(v.dockerfile);
  if (view.base === finalView(f.dockerfile).base) return { ok: false, reason: reason('nothing-predicted', 'the variant changes no base image') };
  const base = baseDifference(a, view.base, f, 'alpine images cannot be made offline; pull or load it to predict this variant');
  if ('reason' in base) return { ok: false, reason: base.reason };
  const debs = a.packages.filter((p) => p.kind === 'deb' && !p.inBase && p.bytes > 0);
  const out: Contributor[] = [base];
  if (debs.length) out.push(contributor(`${debs.length} Debian package${debs.length === 1 ? '' : 's'} above the base, counted at their size as apk packages (apk sizes are not known offline)`, [{ key: 'apk-as-deb', bytes: 0, category: 'deb' }]));
  return { ok: true, contributors: out };
};
