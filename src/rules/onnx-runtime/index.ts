// onnx-runtime: export the model in a builder stage and ship onnxruntime instead of torch & co. Driven by
// dflab.yaml's `onnx: {export, artifact, runtime, env}`.
//
// The original final stage becomes the builder (renamed, nothing else changes) and gets `RUN <onnx.export>` after
// its last build step, so the export runs with the full stack, as root unless the original switched users before
// that point. A new final stage on the slim sibling of the base (the same base when it is slim already or has no
// known sibling) installs onnx.runtime instead of torch & co.: with pip, together with the original's requirements
// minus torch & co. (written as requirements-onnx.txt and bind-mounted into the install, so no copy of it stays in
// the image); with apt when the original installs Debian's python3-X packages (onnxruntime → python3-onnxruntime,
// numpy → python3-numpy, and the original's run-time packages minus python3-torch & co.). It then copies the app
// (each context COPY's destination) and the artifact from the builder, keeps ENV/WORKDIR/USER/CMD …, and sets
// onnx.env. Whether the app really loads the artifact with onnxruntime is the smoke test's call.
import { finalStage, fromText, replaceInstruction, type DockerfileModel, type Instruction, type Stage, type TextEdit } from '../../dockerfile/index.js';
import { uniqueStageName } from '../multi-stage/assemble.js';
import { slimFinalBase, type FinalBase } from '../../analysis/images/final-base.js';
import { onEarlierStage, resolvedBase } from '../../analysis/images/stage-base.js';
import { reason, type Reason, type ReasonCode } from '../../reasons.js';
import { onnxFinalStage } from './final.js';
import { pythonInstalls } from '../../analysis/python/installers.js';
import { cudaStayNote, torchFinalBase } from './torch-base.js';
import { lines } from '../../analysis/python/pip.js';
import type { Project, Requirement, Rule } from '../types.js';
import { defineRule, type Analysis } from '../define.js';

/** A local directory (`.`, `./pkg`, `/src/lib`), an archive, and the pip options whose value is a path. */
const LOCAL_PATH = /^(\.{1,2}(\/|\[|$)|\/)/;
const ARCHIVE = /\.(whl|zip|tar\.gz|tgz|tar\.bz2)$/;
const VALUE_OPTION = /^(-r|--requirement|-c|--constraint|-t|--target|--prefix|--root|-f|--find-links|--src|--cache-dir|--log|--report)$/;

/** Instructions that only shape the running container: the export RUN goes before a trailing block of them. */
const RUNTIME_ONLY = new Set(['CMD', 'ENTRYPOINT', 'EXPOSE', 'HEALTHCHECK', 'LABEL', 'VOLUME', 'STOPSIGNAL', 'ONBUILD', 'MAINTAINER', 'USER']);

export const onnxRuntime: Rule = defineRule('onnx-runtime', 'export the model to ONNX in a builder stage (onnx.export) and ship onnxruntime instead of torch & co.', analyse, {
  requires: (before) => {
    const onnx = before.config?.onnx;
    if (!onnx) return [];
    return [
      ...Object.entries(onnx.env).map(([k, v]): Requirement => ({ kind: 'reads-env', subject: `${k}=${v}` })),
      { kind: 'loads-model', subject: onnx.artifact },
      { kind: 'not-installed', subject: 'torch' },
    ];
  },
});

function analyse(p: Project): Analysis {
  const onnx = p.config?.onnx;
  if (!onnx) return no('onnx-not-configured', 'needs an export command (onnx: {export, artifact} in dflab.yaml)');
  const model = p.dockerfile;
  const stage = finalStage(model);
  const exporting = model.instructions.filter((i) => i.keyword === 'RUN' && i.stage !== stage.index && i.argsText.includes(onnx.export.trim()));
  const copies = stage.instructions.filter((i) => i.keyword === 'COPY' && i.flags.some((f) => f.name === 'from'));
  if (exporting.length && copies.length) return no('onnx-already-exported', `already exports the model in a builder stage (${lines(exporting.map((i) => i.line))}) and copies from it`);
  const onStage = onEarlierStage(model, stage);
  if (onStage) return { ok: false, reason: onStage };
  if (copies.length) return no('final-stage-copies-from-stage', `the final stage copies from other stages (COPY --from on ${lines(copies.map((c) => c.line))}): onnx-runtime needs the installs in the final stage`);
  const lost = lostInstall(p, stage);
  if (lost) return no('onnx-cannot-reinstall', lost);
  const base = finalBaseFor(model, stage);
  if ('reason' in base) return { ok: false, reason: base.reason };
  const builder = uniqueStageName(model, 'builder');
  const final = onnxFinalStage(p, stage, base, builder, onnx);
  if (base.workdir) final.text = withWorkdir(final.text, base.workdir);
  const lastStep = lastBuildStep(stage.instructions);
  const edits: TextEdit[] = [
    replaceInstruction(stage.from, fromText(stage.from.flags, stage.baseImage, builder)),
    insertAfterInstr(lastStep, `RUN ${onnx.export.trim()}`),
    { start: model.text.length, end: model.text.length, newText: `${needsBreak(model.text) ? model.eol : ''}${model.eol}${final.text.replace(/\n/g, model.eol)}${model.eol}` },
  ];
  const notes = [
    `builder stage ${builder} is the original final stage plus \`RUN ${onnx.export.trim()}\` after line ${lastStep.endLine}; the final stage on ${base.shown} installs ${onnx.runtime.join(', ')} instead of torch & co. and copies the app and ${onnx.artifact} from it`,
    ...base.notes,
    ...final.notes,
  ];
  return { ok: true, edits: { dockerfile: edits, files: final.files, notes } };
}

/**
 * Why the new final stage would lose one of the original's installs: it installs again only pip requirements (by name
 * or file), into its interpreter's site-packages; poetry, uv, pipenv and conda installs, local packages and
 * --prefix/--target trees it cannot redo.
 */
function lostInstall(p: Project, stage: Stage): string | null {
  const installs = pythonInstalls(p.dockerfile, stage, p.files, p.contextPaths).installs.filter((i) => i.instr.stage === stage.index);
  for (const i of installs) {
    const at = `${i.what} on line ${i.instr.line}`;
    if (i.installer !== 'pip') return `${at}: onnx-runtime installs the final stage's dependencies again with pip alone, and would lose what ${i.installer} installs`;
    const args = i.cmd.words.slice(i.cmd.words.indexOf('install') + 1);
    const local = args.some((w, k) => w === '-e' || w.startsWith('--editable') || (LOCAL_PATH.test(w) && !ARCHIVE.test(w) && !VALUE_OPTION.test(args[k - 1] ?? '')));
    if (local) return `${at} installs a local package: onnx-runtime installs requirements again in the final stage, not the project itself`;
    // pip into a conda env (pytorch's /opt/conda) is redone like any pip install; a directory of its own is not.
    if (i.tree.kind === 'prefix' || i.tree.kind === 'unknown') return `${at} installs into ${i.tree.kind === 'unknown' ? 'a place dflab cannot tell' : `the ${i.tree.option} directory ${i.tree.path}`}, which the final stage's pip install would not recreate`;
  }
  return null;
}

/** The slim base, or the same base when it has no known slim sibling (torch & co. are the saving then). */
function finalBaseFor(model: DockerfileModel, stage: Stage): (FinalBase & { workdir?: string | null }) | { reason: Reason } {
  const torch = torchFinalBase(model, stage);
  if (torch) return torch;
  const base = slimFinalBase(model, stage, 'onnx-runtime');
  if (!('reason' in base)) return base;
  if (base.reason.code === 'final-base-alpine') return { reason: reason('final-base-alpine', `${resolvedBase(model, stage)} is alpine-based: onnxruntime has no musllinux wheel`) };
  const shown = resolvedBase(model, stage);
  const cuda = cudaStayNote(model);
  return { edit: null, image: stage.baseImage, shown, lost: null, python: false, notes: [cuda ?? `the final stage stays on ${shown} (no slim sibling: ${base.reason.message})`] };
}

/** The stage's last instruction before a trailing block of run-time-only ones (CMD, USER …); the FROM when there is none. */
function lastBuildStep(instructions: Instruction[]): Instruction {
  for (let i = instructions.length - 1; i > 0; i--) if (!RUNTIME_ONLY.has(instructions[i]!.keyword)) return instructions[i]!;
  return instructions[0]!;
}

function insertAfterInstr(instr: Instruction, text: string): TextEdit {
  return { start: instr.end, end: instr.end, newText: `${instr.eol}${text}` };
}

/** The stage text with `WORKDIR dir` right after its FROM line (the torch base's WORKDIR the python base lacks). */
function withWorkdir(text: string, dir: string): string {
  const nl = text.indexOf('\n');
  return nl === -1 ? `${text}\nWORKDIR ${dir}` : `${text.slice(0, nl)}\nWORKDIR ${dir}${text.slice(nl)}`;
}

function needsBreak(text: string): boolean {
  return text !== '' && !/(\r\n|\r|\n)$/.test(text);
}

function no(code: ReasonCode, message: string): Analysis {
  return { ok: false, reason: reason(code, message) };
}
