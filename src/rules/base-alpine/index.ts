// base-alpine: the final stage's base → its alpine sibling (python:3.x[-slim] → python:3.x-alpine, node likewise;
// debian, buildpack-deps and ubuntu → alpine:3), with its apt-get commands translated to apk and Debian's adduser
// to busybox's. Where the evidence says the variant cannot work (manylinux-only wheels, Python trees from glibc
// stages, conda, Debian-only tools, apt it cannot translate surely) it declines with a coded reason, unless
// dflab.yaml lists it in rules.force: then it applies and the notes carry the evidence.
import { finalStage, formatImageRef, hasVariables, parseImageRef, type Stage } from '../../dockerfile/index.js';
import { alpineSibling } from '../../analysis/images/alpine-sibling.js';
import { onEarlierStage } from '../../analysis/images/stage-base.js';
import { reason, type Reason } from '../../reasons.js';
import { alpineStageEdits, type AlpineTarget } from './translate.js';
import type { Project, RuleEdits } from '../types.js';
import { defineRule, type Analysis } from '../define.js';
import { BASE_CHANGES, baseRequirement } from '../declared.js';

export const BASE_ALPINE = 'base-alpine';

export const baseAlpine = defineRule(BASE_ALPINE, "swap the final stage's base image to its alpine sibling and translate apt-get to apk add --no-cache", analyse, {
  effect: BASE_CHANGES,
  requires: baseRequirement('musl-base'),
});

function analyse(p: Project): Analysis {
  const model = p.dockerfile;
  const stage = finalStage(model);
  const onStage = onEarlierStage(model, stage);
  if (onStage) return { ok: false, reason: onStage };
  const written = stage.baseImage;
  if (hasVariables(written)) return { ok: false, reason: reason('base-arg-not-editable', `the base image ${written} is made from ARGs: base-alpine rewrites literal images only (try an alpine base through \`bases:\` in dflab.yaml)`) };
  const sibling = alpineSibling(parseImageRef(written));
  if (!sibling.ok) return { ok: false, reason: sibling.reason };
  const edits = movedToAlpine(p, stage, { image: sibling.image, lost: sibling.lost, from: written, osOnly: sibling.family === 'os' }, []);
  if ('reason' in edits) return { ok: false, reason: edits.reason };
  edits.notes.unshift(...sibling.notes);
  return { ok: true, edits };
}

/** The stage on Alpine, or the reason it would fail (with `extra` blockers first) unless dflab.yaml forces base-alpine. */
export function movedToAlpine(p: Project, stage: Stage, target: AlpineTarget, extra: Reason[]): RuleEdits | { reason: Reason } {
  const { blockers, ...edits } = alpineStageEdits(p, stage, target);
  const all = [...extra, ...blockers];
  if (all.length === 0) return edits;
  if (p.config?.rules?.force?.includes(BASE_ALPINE)) {
    return { ...edits, notes: [...all.map((b) => `forced by rules.force in dflab.yaml, though likely to fail [${b.code}]: ${b.message}`), ...edits.notes] };
  }
  const message = `on ${formatImageRef(target.image)} the build or the app is expected to fail: ${all.map((b) => b.message).join('; ')} (rules.force: [base-alpine] in dflab.yaml plans it anyway)`;
  return { reason: reason(all[0]!.code, message) };
}
