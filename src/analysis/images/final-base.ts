// The base a rebuilt final stage runs on: the stage's own base when it is slim already, else its slim sibling
// (base-slim's, ARG defaults and all). multi-stage and onnx-runtime share it.
import { applyEdits, formatImageRef, officialName, parseImageRef, type DockerfileModel, type Stage, type TextEdit } from '../../dockerfile/index.js';
import { reason, type Reason } from '../../reasons.js';
import { isAlpine } from './alpine-sibling.js';
import { slimTarget } from './slim-target.js';
import type { ToolTier } from './slim-sibling.js';
import { resolvedBase } from './stage-base.js';

export interface FinalBase {
  /** The edit of the stage's FROM image token; null when the base stays. */
  edit: TextEdit | null;
  /** The image token for a FROM line, as it would read after the edit (ARGs kept where the edit keeps them). */
  image: string;
  /** The base as shown in notes (ARGs read with their defaults). */
  shown: string;
  /** What the full base had that the slim one lacks. */
  lost: ToolTier | null;
  /** True for the official python images (their python has venv, pip and /usr/local/bin/python). */
  python: boolean;
  notes: string[];
}

export function slimFinalBase(model: DockerfileModel, stage: Stage, ruleId: string): FinalBase | { reason: Reason } {
  const resolved = resolvedBase(model, stage);
  const ref = parseImageRef(resolved);
  if (isAlpine(ref)) return { reason: reason('final-base-alpine', `${resolved} is alpine-based: ${ruleId} rebuilds apt-based (Debian) stacks`) };
  if ((ref.tag ?? '').split('-').includes('slim')) {
    return { edit: null, image: stage.baseImage, shown: resolved, lost: null, python: officialName(ref) === 'python', notes: [] };
  }
  const t = slimTarget(model, stage);
  if (!t.ok) return { reason: t.reason };
  const range = stage.baseImageRange;
  const image = applyEdits(model.text.slice(range.start, range.end), [{ ...t.edit, start: t.edit.start - range.start, end: t.edit.end - range.start }]);
  return { edit: t.edit, image, shown: formatImageRef(t.sibling.image), lost: t.sibling.lost, python: t.sibling.family === 'python', notes: t.notes };
}
