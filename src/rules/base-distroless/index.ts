// base-distroless: the final stage on a distroless Python image (no shell, no package manager). multi-stage's
// builder rewrite in its distroless shape (multi-stage/distroless.ts): the builder on the original base runs the
// installs, the final stage copies the installed trees (venv, --prefix dir …), the apt run-time packages' files
// and the app, and runs no RUN. The command runs in exec form from the interpreter's full path; the image's own
// ENTRYPOINT (python3.X) is reset under a CMD. Declines where the container needs a shell at run time, where the
// original's Python is not the image's (a venv's bin/python must resolve to the same python3.X), and where a
// RUN (useradd, mkdir …) would stay in the final stage. A final stage that installs nothing and runs nothing moves as is.
import { applyEdits, finalStage, parseDockerfile, parseImageRef, replaceBaseImage, replaceInstruction, officialName, type DockerfileModel, type Stage, type TextEdit } from '../../dockerfile/index.js';
import { DEFAULT_DISTROLESS, distrolessPython, type DistrolessPython } from '../../analysis/images/distroless.js';
import { onEarlierStage, resolvedBase } from '../../analysis/images/stage-base.js';
import { commandEnv, pathDirs } from '../../analysis/python/install-env.js';
import { reason, type Reason } from '../../reasons.js';
import type { FinalBase } from '../../analysis/images/final-base.js';
import type { Project, Rule, RuleEdits } from '../types.js';
import { defineRule, type Analysis } from '../define.js';
import { analyseOnto } from '../multi-stage/index.js';
import { needsShell, stagePython } from './run-time.js';

export const baseDistroless: Rule = defineRule('base-distroless', `the final stage on a distroless Python image (${DEFAULT_DISTROLESS}): installs in a builder on the original base, the final stage copies the installed trees and the app, with no shell and no RUN`, (p) => {
  const r = distrolessOnto(p, DEFAULT_DISTROLESS);
  return 'reason' in r ? { ok: false, reason: r.reason } : { ok: true, edits: r };
});

const USERS = new Set(['root', 'nonroot', 'nobody', '0', '65532', '65534']);
const PYTHON = /^python(3(\.\d+)?)?$/;

/** The project's final stage moved onto the distroless Python image `image`, or why not (base trials use it too). */
export function distrolessOnto(p: Project, image: string): RuleEdits | { reason: Reason } {
  const model = p.dockerfile;
  const stage = finalStage(model);
  const onStage = onEarlierStage(model, stage);
  if (onStage) return { reason: onStage };
  const target = distrolessPython(image);
  if (!target) return { reason: reason('distroless-python-mismatch', `${image} is no distroless Python image dflab knows (python3-debian12, python3-debian13): which Python it has is unknown`) };
  const shell = needsShell(stage, p.files);
  if (shell) return { reason: shell };
  const python = stagePython(model, stage);
  if (python !== target.python) {
    const has = python ? `Python ${python}` : `a Python dflab cannot tell (${resolvedBase(model, stage)})`;
    return { reason: reason('distroless-python-mismatch', `the final stage runs ${has} and ${image} has Python ${target.python}: the installed tree would not run on its interpreter`) };
  }
  const base: FinalBase = {
    edit: replaceBaseImage(model, stage.index, image), image, shown: image, lost: null, notes: [],
    python: officialName(parseImageRef(resolvedBase(model, stage))) === 'python',
  };
  const built = analyseOnto(p, () => base, { python: target.python, packages: target.packages });
  const edits = built.ok ? built.edits : plainMove(model, stage, base, built.reason);
  if ('reason' in edits) return edits;
  const variant = parseDockerfile(applyEdits(model.text, edits.dockerfile));
  const left = leftInFinal(variant);
  if (left) return { reason: left };
  return { ...edits, dockerfile: [...edits.dockerfile, ...commandEdits(stage, variant)], notes: [...edits.notes, ...userNotes(stage, target)] };
}

/** A final stage with nothing to build (already multi-stage, or only COPYs): only its base changes. */
function plainMove(model: DockerfileModel, stage: Stage, base: FinalBase, why: Reason): RuleEdits | { reason: Reason } {
  if (why.code !== 'no-install-in-final-stage' && why.code !== 'already-multi-stage') return { reason: why };
  const run = stage.instructions.find((i) => i.keyword === 'RUN');
  if (run) return { reason: reason('distroless-run-in-final', `RUN on line ${run.line} builds nothing dflab can leave in a builder (${why.message}), and ${base.shown} cannot RUN`) };
  const copies = stage.instructions.some((i) => i.keyword === 'COPY' && i.flags.some((f) => f.name === 'from'));
  const note = copies ? ['the trees copied from earlier stages must have been made with the same Python: a venv whose bin/python points at /usr/local/bin/python3 does not run there (make it with /usr/bin/python3, as the distroless examples do)'] : [];
  return { dockerfile: [base.edit!], files: [], notes: [`the final stage moves to ${base.shown} as it is: it installs and runs nothing`, ...note] };
}

/** Why the rewritten final stage would not build on a distroless image: a RUN (useradd, mkdir …) or a user its /etc/passwd lacks. */
function leftInFinal(variant: DockerfileModel): Reason | null {
  const stage = finalStage(variant);
  const run = stage.instructions.find((i) => i.keyword === 'RUN');
  if (run) return reason('distroless-run-in-final', `the final stage keeps \`${run.raw.split('\n')[0]!.slice(0, 80)}\` (a setup step, not an install): a distroless image cannot RUN it`);
  const user = stage.instructions.find((i) => i.keyword === 'USER' && !USERS.has((i.args[0] ?? '').split(':')[0]!));
  return user ? reason('distroless-user-missing', `USER ${user.args[0]}: a distroless image's /etc/passwd has root, nonroot (65532) and nobody only`) : null;
}

/** CMD/ENTRYPOINT from the interpreter's full path; the image's ENTRYPOINT (python3.X) reset where only CMD is given. */
function commandEdits(stage: Stage, variant: DockerfileModel): TextEdit[] {
  const edits: TextEdit[] = [];
  const vStage = finalStage(variant);
  const entry = [...stage.instructions].reverse().find((i) => i.keyword === 'ENTRYPOINT');
  const cmd = [...stage.instructions].reverse().find((i) => i.keyword === 'CMD');
  const head = entry ?? cmd;
  if (!head) return edits;
  const vHead = [...vStage.instructions].reverse().find((i) => i.keyword === head.keyword)!;
  const args = [...head.args];
  if (PYTHON.test(args[0] ?? '')) args[0] = interpreterPath(variant, vHead);
  const text = `${entry ? '' : 'ENTRYPOINT []\n'}${head.keyword} ${JSON.stringify(args).replace(/","/g, '", "')}`;
  if (text !== head.raw) edits.push(replaceInstruction(head, text));
  return edits;
}

/** The python the command finds on the final stage's PATH: a copied tree's bin (a venv), else the image's /usr/bin/python3. */
function interpreterPath(variant: DockerfileModel, at: Stage['instructions'][number]): string {
  const stage = finalStage(variant);
  const copied = stage.instructions.filter((i) => i.keyword === 'COPY' && i.flags.some((f) => f.name === 'from')).map((i) => i.args[i.args.length - 1]!.replace(/\/+$/, ''));
  const dir = pathDirs(commandEnv(variant, at, null, null).get('PATH')).find((d) => copied.some((c) => d === `${c}/bin`));
  return dir ? `${dir}/python` : '/usr/bin/python3';
}

function userNotes(stage: Stage, target: DistrolessPython): string[] {
  if (stage.instructions.some((i) => i.keyword === 'USER') || target.nonroot) return [];
  return [`runs as root, as the original does: ${target.image.replace(/:.*$/, '')}:nonroot would run it as nonroot (65532) — not forced, the app may write where only root can`];
}
