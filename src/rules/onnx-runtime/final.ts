// onnx-runtime's final stage, as text: the run-time installs (onnx.runtime instead of torch & co.), the original's
// instructions with the app copied from the builder, the artifact, and onnx.env. See onnx-runtime.ts.
import type { OnnxConfig } from '../../config/types.js';
import { fromText, instructionText, type Instruction, type Stage } from '../../dockerfile/index.js';
import { aptRuns, packageName } from '../../analysis/packages/apt.js';
import { copyDest, fromContext } from '../../analysis/stage/copy-sources.js';
import type { FinalBase } from '../../analysis/images/final-base.js';
import { pipInstalls, requirementFileClosure, type PipInstall } from '../../analysis/python/pip-args.js';
import { lines } from '../../analysis/python/pip.js';
import { debPackageOf, isPythonLibDeb, isTorchAndCo, isTorchAndCoDeb } from '../../analysis/python/python-packages.js';
import { readRequirements } from '../../analysis/python/requirements.js';
import { splitPackages } from '../../analysis/python/runtime-packages.js';
import { aptInstallRun, commandText, shellQuote } from '../../analysis/shell/script-edit.js';
import { isTrivialCommand, runWithOnly } from '../../analysis/shell/structure-edit.js';
import { copiesOnlyRequirements, splitStage } from '../../analysis/stage/stage-split.js';
import { BASE_WORKDIR, joinPath, workdirAt } from '../../analysis/stage/stage-env.js';
import { lostTools, stageCommands } from '../../analysis/stage/stage-tools.js';
import type { FileEdit, Project } from '../types.js';

const TRAILING = new Set(['CMD', 'ENTRYPOINT', 'EXPOSE', 'HEALTHCHECK', 'LABEL', 'VOLUME', 'STOPSIGNAL', 'USER']);
const PIP_KEEP = new Set(['--break-system-packages', '--index-url', '-i', '--extra-index-url', '-f', '--find-links', '--trusted-host', '--pre']);

export interface OnnxFinal {
  text: string;
  notes: string[];
  files: FileEdit[];
}

export function onnxFinalStage(p: Project, stage: Stage, base: FinalBase, builder: string, onnx: OnnxConfig): OnnxFinal {
  const model = p.dockerfile;
  const notes: string[] = [];
  const body = appInstructions(p, stage, builder, notes);
  const apt = aptPackagesOf(p, stage);
  const aptStack = apt.some(isPythonLibDeb);
  const pip = pipInstalls(model, p.files, p.contextPaths, [stage]);
  const keptStage: Stage = { ...stage, instructions: [stage.from, ...stage.instructions.filter((i) => body.kept.includes(i))] };
  const atRun = new Set(stageCommands(model, keptStage).map((c) => c.cmd.name));
  const atBuild = new Set(stageCommands(model, stage).filter((c) => !c.runtime).map((c) => c.cmd.name));
  const split = splitPackages(apt, atBuild, atRun);
  const torchDebs = split.runtime.filter(isTorchAndCoDeb);
  let debs = split.runtime.filter((d) => !isTorchAndCoDeb(d));
  if (base.lost !== null) for (const m of lostTools(model, keptStage, base.lost).missing) if (!debs.includes(m.pkg)) debs.push(m.pkg);
  const pipPart = pipReinstall(p, pip, aptStack ? [] : onnx.runtime, notes);
  if (aptStack) {
    const mapped = onnx.runtime.map((r) => debPackageOf(r));
    debs = [...new Set([...debs, ...mapped, ...(pipPart ? ['python3-pip'] : [])])];
    notes.push(`apt stack: ${onnx.runtime.map((r, i) => `${r} → ${mapped[i]}`).join(', ')} from Debian${torchDebs.length ? `, instead of ${torchDebs.join(', ')}` : ''}`);
  }
  if (debs.some((d) => d === 'curl' || d === 'wget' || d === 'git') && !debs.includes('ca-certificates')) debs.unshift('ca-certificates');
  if (split.buildOnly.length) notes.push(`left in the builder: ${split.buildOnly.join(', ')}`);
  const head = [fromText(stage.from.flags, base.image, stage.name)];
  if (debs.length) head.push(aptInstallRun(model, debs).replace(/\r\n|\r/g, '\n'));
  if (pipPart) head.push(pipPart.run);
  const tail = artifactAndEnv(model, stage, body.copied, builder, onnx);
  const at = trailingStart(body.lines);
  const out = [...head, ...body.lines.slice(0, at).map((l) => l.text), ...tail, ...body.lines.slice(at).map((l) => l.text)];
  return { text: out.join('\n'), notes, files: pipPart?.files ?? [] };
}

interface Line {
  text: string;
  keyword: string;
}

interface Body {
  lines: Line[];
  /** Original instructions kept as they are. */
  kept: Instruction[];
  /** Absolute destinations copied from the builder. */
  copied: string[];
}

/** The original's instructions for the final stage: app COPYs become COPY --from the builder, RUNs keep their setup commands only. */
function appInstructions(p: Project, stage: Stage, builder: string, notes: string[]): Body {
  const model = p.dockerfile;
  const split = splitStage(model, stage);
  const body: Body = { lines: [], kept: [], copied: [] };
  const dropped: number[] = [];
  for (const instr of stage.instructions.slice(1)) {
    if (instr.keyword === 'RUN') {
      const run = split.runs.find((r) => r.instr === instr)!;
      if (run.setup.some((c) => !isTrivialCommand(c))) {
        // The setup commands where they are written (in their branches, with their tests); joined only when that cannot be.
        const only = runWithOnly(model, run.script!, (c) => run.setup.includes(c));
        const flat = run.setup.every((c) => c.scopes?.length === 0);
        if ('text' in only) body.lines.push({ text: only.text.replace(/\r\n|\r/g, '\n'), keyword: 'RUN' });
        else if (flat) body.lines.push({ text: `RUN ${run.setup.map(commandText).join(' && ')}`, keyword: 'RUN' });
        else notes.push(`line ${instr.line}: its setup commands (${run.setup.map((c) => `\`${commandText(c)}\``).join(', ')}) are left out of the final stage: ${only.why}`);
      }
      if (!run.installs && (run.other.length || !run.script)) dropped.push(instr.line);
      continue;
    }
    if (copiesOnlyRequirements(instr)) continue;
    if (fromContext(instr)) {
      const dest = destination(model, instr);
      if (dest !== null) {
        if (!body.copied.some((c) => dest === c || dest.startsWith(`${c}/`))) {
          const keep = instr.flags.filter((f) => ['chown', 'chmod', 'link'].includes(f.name));
          body.lines.push({ text: instructionText('COPY', [{ name: 'from', value: builder }, ...keep], `${dest} ${dest}`), keyword: 'COPY' });
          body.copied.push(dest);
        }
        continue;
      }
    }
    body.lines.push({ text: instr.raw.replace(/\r\n|\r/g, '\n'), keyword: instr.keyword });
    body.kept.push(instr);
  }
  if (dropped.length) notes.push(`RUN on ${lines(dropped)} runs in the builder only: what it writes under the app's directories comes along with the app`);
  return body;
}

/** Where a context COPY lands, as an absolute path; null when a variable or the base image's own WORKDIR is involved. */
function destination(model: Project['dockerfile'], instr: Instruction): string | null {
  const wd = workdirAt(model, instr);
  const dest = copyDest(instr);
  if (wd === null || dest.includes('$')) return null;
  const abs = joinPath(wd, dest);
  return abs.startsWith(BASE_WORKDIR) ? null : abs;
}

/** The pip install of the final stage: onnx.runtime plus the original's requirements without torch & co. */
function pipReinstall(p: Project, pip: PipInstall[], runtime: string[], notes: string[]): { run: string; files: FileEdit[] } | null {
  if (pip.length === 0 && runtime.length === 0) return null;
  const direct = pip.flatMap((i) => i.targets.filter((t) => t.name !== null && !isTorchAndCo(t.name)).map((t) => t.word.text));
  const locals = pip.flatMap((i) => i.targets.filter((t) => t.name === null).map((t) => t.word.text));
  const dropped = new Set<string>(pip.flatMap((i) => i.targets.filter((t) => t.name !== null && isTorchAndCo(t.name)).map((t) => t.name!)));
  const reqPaths = [...new Set(pip.flatMap((i) => i.reqFiles.flatMap((r) => (r.path ? requirementFileClosure(r.path, p.files) : []))))];
  const reqLines: string[] = [];
  for (const path of reqPaths) {
    for (const l of readRequirements(p.files[path]!)) {
      if (l.kind === 'blank' || l.kind === 'include' || /download\.pytorch\.org/.test(l.text)) continue;
      if (l.name !== null && isTorchAndCo(l.name)) dropped.add(l.name);
      else reqLines.push(l.text);
    }
  }
  if (runtime.length === 0 && direct.length === 0 && reqLines.length === 0) return null;
  const first = pip[0];
  const pipHead = first ? first.cmd.part.text.slice(first.cmd.start, first.cmd.at[first.installIndex]!.end) : 'pip install';
  const opts = first ? first.options.filter((o) => PIP_KEEP.has(o.name) && !/download\.pytorch\.org/.test(o.value ?? '')).flatMap((o) => o.words.map((w) => shellQuote(w.text))) : [];
  const args = [...new Set([...runtime.map(shellQuote), ...direct.map(shellQuote)])];
  const files: FileEdit[] = [];
  let mount = '';
  if (reqLines.length) {
    const path = freePath(p, reqPaths[0]!.replace(/[^/]*$/, 'requirements-onnx.txt'));
    files.push({ path, newText: `${reqLines.join('\n')}\n` });
    mount = `--mount=type=bind,source=${path},target=/tmp/requirements-onnx.txt `;
    args.push('-r', '/tmp/requirements-onnx.txt');
    notes.push(`${path}: the requirements of ${reqPaths.join(', ')} for the final stage's pip install (bind-mounted, not copied)${dropped.size ? `; left out: ${[...dropped].join(', ')}` : ''}`);
  } else if (dropped.size) notes.push(`not installed in the final stage: ${[...dropped].join(', ')}`);
  if (locals.length) notes.push(`local packages (${locals.join(', ')}) are not installed again in the final stage: the app is copied from the builder`);
  return { run: `RUN ${mount}${[pipHead, '--no-cache-dir', ...opts.filter((o) => o !== '--no-cache-dir'), ...args].join(' ')}`, files };
}

function freePath(p: Project, path: string): string {
  if (!p.contextPaths.includes(path)) return path;
  for (let i = 2; ; i++) {
    const candidate = path.replace(/\.txt$/, `-${i}.txt`);
    if (!p.contextPaths.includes(candidate)) return candidate;
  }
}

/** COPY of the artifact (unless a copied app directory holds it) and ENV onnx.env. */
function artifactAndEnv(model: Project['dockerfile'], stage: Stage, copied: string[], builder: string, onnx: OnnxConfig): string[] {
  const last = stage.instructions[stage.instructions.length - 1]!;
  const wd = workdirAt(model, last);
  const artifact = onnx.artifact.startsWith('/') || wd === null ? onnx.artifact : joinPath(wd, onnx.artifact);
  const out: string[] = [];
  if (!copied.some((c) => artifact === c || artifact.startsWith(`${c}/`))) out.push(`COPY --from=${builder} ${artifact} ${artifact}`);
  const env = Object.entries(onnx.env);
  if (env.length) out.push(`ENV ${env.map(([k, v]) => `${k}=${/^[A-Za-z0-9_./:,@%+-]+$/.test(v) ? v : JSON.stringify(v)}`).join(' ')}`);
  return out;
}

/** Index where the trailing block of run-time-only instructions (CMD, USER …) starts. */
function trailingStart(body: Line[]): number {
  let i = body.length;
  while (i > 0 && TRAILING.has(body[i - 1]!.keyword)) i--;
  return i;
}

function aptPackagesOf(p: Project, stage: Stage): string[] {
  return aptRuns(p.dockerfile, stage.instructions).runs.flatMap((r) => r.apt.filter(({ a }) => a.sub.text === 'install').flatMap(({ a }) => a.packages.map((w) => packageName(w.text))));
}
