// The local package metadata plan --image hands the replacement predictors (torch-cpu, onnx-runtime): the wheels
// of the local index directory, and apt's metadata — read in the original image, with its own lists — of the
// Debian packages the onnx-runtime variants install that the image does not hold yet.
import { localPackageIndex } from '../context/index.js';
import { aptShowInImage } from '../engine/index.js';
import { parseAptShow } from '../measure/apt-show.js';
import type { Attribution } from '../measure/attribution/index.js';
import type { PlannedVariant } from '../plan/index.js';
import { finalView, type PackageIndex } from '../predict/index.js';
import { newRunId } from './ids.js';

/** `runId`: the label of the apt-cache container (a run's own id, so its clean-up and checks see it). */
export async function packageFacts(image: string, a: Attribution, variants: readonly PlannedVariant[], runId = newRunId()): Promise<PackageIndex | undefined> {
  const wheels = await localPackageIndex();
  const held = new Set(a.packages.filter((p) => p.kind === 'deb').map((p) => p.name));
  const wanted = [...new Set(variants.filter((v) => v.rules.includes('onnx-runtime')).flatMap((v) => finalView(v.dockerfile).aptNamed))].filter((n) => !held.has(n));
  const debs = new Map(parseAptShow(await aptShowInImage(image, runId, wanted).catch(() => '')).map((d) => [d.name, d]));
  if (!wheels && debs.size === 0) return undefined;
  const source = [wheels ? `wheels in ${wheels.source}` : null, debs.size ? `apt's lists in ${image}` : null].filter(Boolean).join(', ');
  return { wheels: wheels?.wheels ?? new Map(), debs, source };
}
