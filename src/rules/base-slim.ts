// base-slim: the final stage's base image → its slim sibling. Only the image token changes (flags, `AS name`
// and everything else stay); when the full base provided tools the stage uses (buildpack-deps' curl, wget,
// git …; python's full image is built on buildpack-deps), a RUN right after FROM installs them again.
import { finalStage, formatImageRef, insertAfter, type DockerfileModel, type Stage } from '../dockerfile/index.js';
import { lostTools } from '../analysis/stage/stage-tools.js';
import type { Project, Rule, RuleEdits } from './types.js';
import { defineRule, type Analysis } from './define.js';
import { BASE_CHANGES, baseRequirement } from './declared.js';

import { slimTarget, type Found } from '../analysis/images/slim-target.js';

export type { Found } from '../analysis/images/slim-target.js';

export const baseSlim: Rule = defineRule('base-slim', "swap the final stage's base image to its slim sibling (python:3.x → python:3.x-slim, debian:X → debian:X-slim, buildpack-deps:X → debian:X-slim)", analyse, {
  effect: BASE_CHANGES,
  requires: baseRequirement('base-image'),
});

function analyse(p: Project): Analysis {
  const model = p.dockerfile;
  const stage = finalStage(model);
  const target = slimTarget(model, stage);
  if (!target.ok) return { ok: false, reason: target.reason };
  const edits: RuleEdits = { dockerfile: [target.edit], files: [], notes: [...target.notes] };
  if (target.sibling.lost !== null) addLostTools(model, stage, target.resolved, target.sibling, edits);
  return { ok: true, edits };
}

/** Installs again the tools the stage uses that the full base had, and notes what may break without compilers. */
export function addLostTools(model: DockerfileModel, stage: Stage, resolved: string, sibling: Found, edits: RuleEdits): void {
  const slimText = formatImageRef(sibling.image);
  const lost = lostTools(model, stage, sibling.lost!);
  if (lost.missing.length > 0) {
    const pkgs = ['ca-certificates', ...lost.missing.map((m) => m.pkg).filter((p) => p !== 'ca-certificates')];
    const esc = model.escapeChar;
    const run = `RUN apt-get update ${esc}\n && apt-get install -y --no-install-recommends ${pkgs.join(' ')} ${esc}\n && rm -rf /var/lib/apt/lists/*`;
    edits.dockerfile.push(insertAfter(stage.from, run));
    const uses = lost.missing.map((m) => `${m.pkg} (${lines(m.lines)})`).join(', ');
    edits.notes.push(`${slimText} lacks tools ${resolved} has: added a RUN after line ${stage.from.endLine} installing ${uses}`);
  }
  if (lost.compilerUses.length > 0) {
    edits.notes.push(`gcc/make on ${lines(lost.compilerUses)}: ${slimText} has no compilers or -dev headers; install build-essential and the -dev packages in this stage, or compile in a builder stage (multi-stage)`);
  }
  if (lost.compilerInstalls.length > 0) {
    edits.notes.push(`compilers installed on ${lines(lost.compilerInstalls)} stay in the final image on ${slimText} too (multi-stage can keep them in a builder stage)`);
  }
  if (lost.pipInstalls.length > 0) {
    edits.notes.push(`pip install on ${lines(lost.pipInstalls)}: ${slimText} has no compiler, so a requirement without a wheel for this platform fails to build there; if one does, install build-essential first or use multi-stage`);
  }
}

function lines(ns: number[]): string {
  return `${ns.length === 1 ? 'line' : 'lines'} ${ns.join(', ')}`;
}
