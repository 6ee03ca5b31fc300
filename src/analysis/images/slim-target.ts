// The slim sibling of a stage's base image and the edit of its FROM line (ARG defaults read): what base-slim
// applies and what multi-stage and onnx-runtime rebuild their final stage on.
import {
  expandVariables, formatImageRef, globalArgDefaults, hasVariables, parseImageRef, replaceBaseImage,
  type DockerfileModel, type ImageRef, type Stage, type TextEdit,
} from '../../dockerfile/index.js';
import { reason, type Reason } from '../../reasons.js';
import { slimSibling, type Sibling } from './slim-sibling.js';
import { onEarlierStage } from './stage-base.js';

export type Found = Extract<Sibling, { ok: true }>;

export type SlimTarget =
  | { ok: true; edit: TextEdit; resolved: string; sibling: Found; notes: string[] }
  | { ok: false; reason: Reason };

/**
 * The slim sibling of a stage's base image and the edit of its FROM line: with ARGs in the image, read with their
 * defaults (only a literal tag can then be edited). Says why not when the stage builds on another stage or there
 * is no known sibling.
 */
export function slimTarget(model: DockerfileModel, stage: Stage): SlimTarget {
  const onStage = onEarlierStage(model, stage);
  if (onStage) return { ok: false, reason: onStage };
  const written = stage.baseImage;
  const notes: string[] = [];
  let resolved = written;
  if (hasVariables(written)) {
    const vars = globalArgDefaults(model);
    const expanded = expandVariables(written, vars);
    if ('unresolved' in expanded) {
      return { ok: false, reason: reason('base-arg-unresolved', `the base image ${written} depends on ${expanded.unresolved}, which has no default in an ARG before the first FROM`) };
    }
    resolved = expanded.value;
    if (hasVariables(resolved)) return { ok: false, reason: reason('base-arg-unresolved', `the base image ${written} reads as ${resolved} with the ARG defaults, which still holds ARGs without defaults`) };
    notes.push(`${written} read as ${resolved} with the ARG defaults; a --build-arg that changes them may need another slim tag`);
  }
  const sibling = slimSibling(parseImageRef(resolved));
  if (!sibling.ok) return { ok: false, reason: resolved === written ? sibling.reason : { ...sibling.reason, message: `${sibling.reason.message} (FROM ${written} with the ARG defaults)` } };
  const imageEdit = editImage(model, stage, resolved, sibling.image);
  if ('reason' in imageEdit) return { ok: false, reason: imageEdit.reason };
  return { ok: true, edit: imageEdit, resolved, sibling, notes: [...notes, ...sibling.notes] };
}

/** The edit of the FROM's image token; with ARGs in it, only a literal tag can be edited. */
function editImage(model: DockerfileModel, stage: Stage, resolved: string, slim: ImageRef): TextEdit | { reason: Reason } {
  const written = stage.baseImage;
  const slimText = formatImageRef(slim);
  if (!hasVariables(written)) return replaceBaseImage(model, stage.index, slimText);
  const w = parseImageRef(written);
  const r = parseImageRef(resolved);
  const sameName = r.registry === slim.registry && r.repository === slim.repository;
  if (w.tag !== null && w.digest === null && !hasVariables(w.tag) && w.tag === r.tag && sameName && slim.tag !== null) {
    const end = stage.baseImageRange.end;
    return { start: end - w.tag.length, end, newText: slim.tag };
  }
  return { reason: reason('base-arg-not-editable', `the base image ${written} is made from ARGs; with their defaults its slim sibling is ${slimText}: edit the FROM line or the ARG yourself`) };
}
