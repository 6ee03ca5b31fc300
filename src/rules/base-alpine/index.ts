// base-alpine: the final stage's base → its alpine sibling (python:3.x[-slim] → python:3.x-alpine, node likewise;
// debian, buildpack-deps and ubuntu → alpine:3), with its apt-get commands translated to `apk add --no-cache`
// through a package-name map. Notes flag manylinux-only wheels (torch, onnxruntime …), which pip cannot install
// on musl, and every package name the map had to guess or keep.
import { finalStage, hasVariables, parseImageRef } from '../../dockerfile/index.js';
import { alpineSibling } from '../../analysis/images/alpine-sibling.js';
import { onEarlierStage } from '../../analysis/images/stage-base.js';
import { reason } from '../../reasons.js';
import { alpineStageEdits } from './translate.js';
import type { Project, Rule } from '../types.js';
import { defineRule, type Analysis } from '../define.js';

export const baseAlpine: Rule = defineRule('base-alpine', "swap the final stage's base image to its alpine sibling and translate apt-get to apk add --no-cache", analyse);

function analyse(p: Project): Analysis {
  const model = p.dockerfile;
  const stage = finalStage(model);
  const onStage = onEarlierStage(model, stage);
  if (onStage) return { ok: false, reason: onStage };
  const written = stage.baseImage;
  if (hasVariables(written)) return { ok: false, reason: reason('base-arg-not-editable', `the base image ${written} is made from ARGs: base-alpine rewrites literal images only (try an alpine base through \`bases:\` in dflab.yaml)`) };
  const sibling = alpineSibling(parseImageRef(written));
  if (!sibling.ok) return { ok: false, reason: sibling.reason };
  const edits = alpineStageEdits(p, stage, { image: sibling.image, lost: sibling.lost, from: written, osOnly: sibling.family === 'os' });
  edits.notes.unshift(...sibling.notes);
  return { ok: true, edits };
}
