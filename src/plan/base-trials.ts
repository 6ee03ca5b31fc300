// Base-image trials (dflab.yaml `bases:`): the final stage moved onto a candidate base with what that base needs.
// A Debian-family candidate gets the image swapped, plus base-slim's re-install of the tools the old full base
// had and the stage uses; an alpine candidate gets base-alpine's apt → apk translation, and is declined where
// base-alpine's evidence (or a CUDA, torch or conda base) predicts failure, unless rules.force has base-alpine. Distroless candidates
// (no shell, no package manager) take base-distroless's shape: a builder on the original base, the trees copied.
import { finalStage, formatImageRef, officialName, parseImageRef, replaceBaseImage, type ImageRef } from '../dockerfile/index.js';
import { isAlpine } from '../analysis/images/alpine-sibling.js';
import { movedToAlpine } from '../rules/base-alpine/index.js';
import { baseBlocker } from '../rules/base-alpine/evidence.js';
import { addLostTools } from '../rules/base-slim.js';
import { distrolessOnto } from '../rules/base-distroless/index.js';
import { isDistroless } from '../analysis/images/distroless.js';
import { onEarlierStage, resolvedBase } from '../analysis/images/stage-base.js';
import { slimSibling } from '../analysis/images/slim-sibling.js';
import type { Project, RuleEdits } from '../rules/types.js';
import { reason, type Reason } from '../reasons.js';

export function rebaseFinalStage(p: Project, image: string): RuleEdits | { reason: Reason } {
  const model = p.dockerfile;
  const stage = finalStage(model);
  const onStage = onEarlierStage(model, stage);
  if (onStage) return { reason: onStage };
  const current = resolvedBase(model, stage);
  const from = parseImageRef(current);
  const to = parseImageRef(image);
  if (formatImageRef(from) === formatImageRef(to)) return { reason: reason('already-on-base', `the final stage is on ${image} already`) };
  if (isDistroless(to)) return distrolessOnto(p, image);
  const notes = versionNotes(from, to);
  if (isAlpine(to)) {
    if (isAlpine(from)) return { dockerfile: [replaceBaseImage(model, stage.index, image)], files: [], notes };
    const sibling = slimSibling(from);
    const glibcBase = baseBlocker(current);
    const edits = movedToAlpine(p, stage, { image: to, lost: sibling.ok ? sibling.lost : null, from: current, osOnly: officialName(to) === 'alpine' }, glibcBase ? [glibcBase] : []);
    return 'reason' in edits ? edits : { ...edits, notes: [...notes, ...edits.notes] };
  }
  if (isAlpine(from)) return { reason: reason('final-base-alpine', `the final stage is alpine-based (apk); moving it to ${image} would need apk → apt translation, which dflab does not do`) };
  const edits: RuleEdits = { dockerfile: [replaceBaseImage(model, stage.index, image)], files: [], notes };
  const sibling = slimSibling(from);
  if (sibling.ok && sibling.lost !== null && lacksTools(to)) addLostTools(model, stage, current, { ...sibling, image: to }, edits);
  return edits;
}

/** True for bases without buildpack-deps' tools: slim tags, debian, ubuntu. */
function lacksTools(ref: ImageRef): boolean {
  const name = officialName(ref);
  return (ref.tag ?? '').split('-').includes('slim') || name === 'debian' || name === 'ubuntu';
}

/** A note when the candidate's Python (official python images) is another version. */
function versionNotes(from: ImageRef, to: ImageRef): string[] {
  if (officialName(from) !== 'python' || officialName(to) !== 'python') return [];
  const v = (r: ImageRef) => /^(\d+\.\d+)/.exec(r.tag ?? '')?.[1] ?? null;
  const a = v(from);
  const b = v(to);
  return a && b && a !== b ? [`Python ${a} → ${b}: pinned requirements may have no wheels for ${b}, and the app may meet removed modules`] : [];
}
