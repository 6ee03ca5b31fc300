// multi-stage and base-distroless: the final stage is rebuilt on a smaller base from the trees the builder made
// (counted as kept: the same distributions, at a venv's path), the Debian packages it installs again (or, on
// distroless, copies from the builder) and the original's instructions it keeps. What goes: the base difference,
// the Debian packages only the build needed (compilers, -dev headers, tools, what Recommends brought), and what
// the builder's layers leave behind (caches, waste, files its steps write). What comes: the base packages the final
// stage installs again, and the pip of a venv the builder makes where the original had none.
import { distrolessPython } from '../analysis/images/distroless.js';
import type { Attribution } from '../measure/attribution/index.js';
import { NEVER_COPIED } from '../rules/multi-stage/distroless.js';
import { baseDifference } from './base.js';
import { debClosure, debsAgain, debsDropped, installedAgain, trimmedByFilters } from './debs.js';
import { dockerfileChanges } from './diff.js';
import { finalView, keptByText, leftBehind } from './final-stage.js';
import type { PlannedVariant } from '../plan/index.js';
import { contributor, type Contributor, type Predictor, type PredictFacts, type RulePrediction } from './types.js';

export const multiStage: Predictor = (a, v, f) => rebuilt(a, v, f, false);
export const baseDistroless: Predictor = (a, v, f) => rebuilt(a, v, f, true);

const VENV = /(?:^|\s)-m\s+venv\b|\bvirtualenv\b/;

function rebuilt(a: Attribution, v: PlannedVariant, f: PredictFacts, distroless: boolean): RulePrediction {
  const view = finalView(v.dockerfile);
  const moved = view.base !== finalView(f.dockerfile).base;
  const out: Contributor[] = [];
  if (moved) {
    const base = baseDifference(a, view.base, f);
    if ('reason' in base) return { ok: false, reason: base.reason };
    out.push(base);
  }
  // On distroless the builder stages the named packages and what they Depend on, less what the image has.
  const has = distroless ? distrolessPython(view.base)?.packages ?? new Set<string>() : new Set<string>();
  const named = distroless ? stagedPackages(v.dockerfile) : view.aptNamed;
  const kept = new Set([...debClosure(a, named)].filter((n) => !has.has(n) && !(distroless && NEVER_COPIED.includes(n))));
  out.push(...debsDropped(a, kept, 'left in the builder (build-only, or brought by Recommends)'));
  // distroless copies files from the builder (on the original's base), so no dpkg filter of its own applies
  const filters = moved && !distroless ? f.baseFilters?.get(view.base) ?? [] : [];
  if (moved) out.push(...debsAgain(a, distroless ? kept : installedAgain(kept, named, f.basePackages?.get(view.base)), filters));
  out.push(...trimmedByFilters(a, view.base, filters, (p) => kept.has(p.name)));
  out.push(...leftBehind(a, keptByText(view)));
  const pip = venvPip(a, v, f);
  if (pip) out.push(pip);
  return { ok: true, contributors: out };
}

/** The packages base-distroless's builder stages for the final stage to copy (its `apt-cache depends … PKGS |` line). */
function stagedPackages(dockerfile: string): string[] {
  const m = /--no-enhances\s+([^|]+?)\s*\|/.exec(dockerfile);
  return m ? m[1]!.split(/\s+/).filter(Boolean) : [];
}

/** A venv the variant makes where the original made none carries its own pip: about the size of the image's pip. */
function venvPip(a: Attribution, v: PlannedVariant, f: PredictFacts): Contributor | null {
  if (!VENV.test(dockerfileChanges(v, f).added) || VENV.test(f.dockerfile)) return null;
  const dist = a.packages.find((p) => p.kind === 'python' && p.name.toLowerCase() === 'pip' && p.files > 0);
  const deb = a.packages.find((p) => p.kind === 'deb' && p.name === 'python3-pip');
  const bytes = dist ? dist.bytes + dist.baseBytes : deb ? deb.installedSizeBytes ?? deb.bytes + deb.baseBytes - deb.pycacheBytes : 0;
  return bytes > 0 ? contributor("the venv's own pip (the builder makes a venv the original did not have)", [{ key: 'venv-pip', bytes, category: 'python' }]) : null;
}
