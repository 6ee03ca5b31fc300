// torch-cpu: torch, torchvision and torchaudio from PyTorch's CPU wheel index instead of PyPI, whose Linux
// torch wheels pull ~4 GB of CUDA libraries (the CPU wheel is ~190 MB).
//
// They are installed by a pip install of their own, with `--index-url https://download.pytorch.org/whl/cpu`, right
// before the install that named them, and taken out of that install (its words, or the requirements file lines,
// edited as a context file). `--index-url` for those packages only, not `--extra-index-url` for everything: with
// an extra index pip takes the highest version from either index, so an unpinned torch comes from PyPI (CUDA)
// whenever PyPI has a newer release, and every other requirement could be served by the PyTorch index too.
// Pins keep working: `torch==2.3.1` matches the CPU index's 2.3.1+cpu (== ignores a local version label), and
// `+cu121` local versions become `+cpu`. An install that already uses the CPU index is left alone; one that uses a
// CUDA index (…/whl/cu121) gets the CPU one. Debian's python3-torch (apt) is built without CUDA: nothing to do.
// When torch is not named but a requirement needs it (sentence-transformers, accelerate …), the CPU torch is
// installed first, so pip keeps it when it resolves that requirement.
import type { TextEdit } from '../dockerfile/index.js';
import { aptRuns, packageName } from '../analysis/packages/apt.js';
import { pipInstalls, requirementFileClosure, type PipInstall } from '../analysis/python/pip-args.js';
import { lines } from '../analysis/python/pip.js';
import { TORCH_PACKAGES } from '../analysis/python/python-packages.js';
import { normalizeName, readRequirements, removeLines, type RequirementLine } from '../analysis/python/requirements.js';
import { offsetAfter, offsetAt } from '../analysis/shell/run-script.js';
import { removeArgs, shellQuote } from '../analysis/shell/script-edit.js';
import type { FileEdit, Project, Rule } from './types.js';
import { defineRule, type Analysis } from './define.js';
import { reason } from '../reasons.js';

export const CPU_INDEX = 'https://download.pytorch.org/whl/cpu';
const CPU_URL = /download\.pytorch\.org\/whl\/cpu\/?$/;
const GPU_URL = /^(.*download\.pytorch\.org\/whl\/)(cu\d+|rocm[\d.]+)\/?$/;
const INDEX_OPTIONS = new Set(['-i', '--index-url', '--extra-index-url']);
/** Options of the original install the torch install keeps (where and how pip installs). */
const KEEP_OPTIONS = new Set(['--no-cache-dir', '--user', '--break-system-packages', '--prefix', '--target', '-t', '--root', '--upgrade', '-U', '--pre', '-q', '--quiet']);
/** Distributions that require torch. */
const NEEDS_TORCH = new Set(['sentence-transformers', 'accelerate', 'timm', 'torchmetrics', 'pytorch-lightning', 'lightning', 'ultralytics', 'openai-whisper', 'easyocr', 'kornia', 'peft']);

export const torchCpu: Rule = defineRule('torch-cpu', 'install torch, torchvision and torchaudio from the CPU-only wheel index instead of the CUDA build', analyse);

interface Work {
  edits: TextEdit[];
  /** Requirements file path → lines to remove. */
  fileLines: Map<string, RequirementLine[]>;
  moved: { line: number; specs: string[]; from: string[] }[];
  switched: number[];
  cudaPins: string[];
  pinned: string[];
  /** Requirement lines moved without their --hash options. */
  unhashed: string[];
  dependents: string[];
  clean: number[];
  unknownFiles: string[];
}

function analyse(p: Project): Analysis {
  const model = p.dockerfile;
  const installs = pipInstalls(model, p.files, p.contextPaths);
  const w: Work = { edits: [], fileLines: new Map(), moved: [], switched: [], cudaPins: [], pinned: [], unhashed: [], dependents: [], clean: [], unknownFiles: [] };
  const cpuFiles = new Set(installs.filter(usesCpuIndex).flatMap((i) => filesOf(i, p.files)));
  const torchDone = new Set<number>(); // stages where torch was installed from the CPU index already
  for (const inst of installs) {
    const stage = inst.script.instr.stage;
    const found = torchIn(inst, p.files, cpuFiles, w);
    if (usesCpuIndex(inst) || fileSaysCpu(inst, p.files)) {
      if (found.direct.length || found.lines.length) {
        w.clean.push(inst.script.instr.line);
        torchDone.add(stage);
      }
      continue;
    }
    if (found.direct.length === 0 && found.lines.length === 0) {
      if (!torchDone.has(stage) && found.dependents.length) {
        w.edits.push(insertTorchInstall(inst, ['torch']));
        w.dependents.push(`${found.dependents.join(', ')} (line ${inst.script.instr.line})`);
        torchDone.add(stage);
      }
      continue;
    }
    torchDone.add(stage);
    if (switchGpuIndex(inst, w)) continue;
    const specs = [...found.direct.map((t) => t.word.text), ...found.lines.map(({ line }) => line.text.replace(/\s+--hash\S*.*$/, ''))].map(cpuPin(w));
    const onlyTorch = inst.targets.length === found.direct.length && inst.reqFiles.length === 0;
    if (onlyTorch) {
      const at = offsetAfter(inst.cmd.part, inst.cmd.at[inst.installIndex]!.end);
      w.edits.push({ start: at, end: at, newText: ` --index-url ${CPU_INDEX}` });
      for (const t of found.direct) if (cpuPin(w)(t.word.text) !== t.word.text) w.edits.push(wordEdit(inst, t.word, cpuPin(w)(t.word.text)));
    } else {
      w.edits.push(insertTorchInstall(inst, specs));
      w.edits.push(...removeArgs(model, inst.cmd, found.direct.map((t) => t.word)));
      for (const { path, line } of found.lines) {
        w.fileLines.set(path, [...(w.fileLines.get(path) ?? []).filter((l) => l.line !== line.line), line]);
        if (/\s--hash/.test(line.text) && !w.unhashed.includes(line.name!)) w.unhashed.push(line.name!);
      }
    }
    w.moved.push({ line: inst.script.instr.line, specs, from: [...new Set(found.lines.map((l) => l.path))] });
  }
  const files: FileEdit[] = [...w.fileLines].map(([path, ls]) => ({ path, newText: removeLines(p.files[path]!, ls) }));
  if (w.edits.length === 0 && files.length === 0) return no(p, installs, w);
  return { ok: true, edits: { dockerfile: w.edits, files, notes: notes(w) } };
}

interface Found {
  direct: PipInstall['targets'];
  lines: { path: string; line: RequirementLine }[];
  dependents: string[];
}

function torchIn(inst: PipInstall, files: Record<string, string>, cpuFiles: Set<string>, w: Work): Found {
  const found: Found = { direct: inst.targets.filter((t) => t.name !== null && TORCH_PACKAGES.has(t.name)), lines: [], dependents: [] };
  found.dependents.push(...inst.targets.filter((t) => t.name !== null && needsTorch(t.word.text)).map((t) => t.name!));
  for (const rf of inst.reqFiles) {
    if (rf.path === null) {
      w.unknownFiles.push(`${rf.arg} (line ${inst.script.instr.line})`);
      continue;
    }
    for (const path of requirementFileClosure(rf.path, files)) {
      for (const line of readRequirements(files[path]!)) {
        if (line.name === null) continue;
        if (TORCH_PACKAGES.has(line.name) && !cpuFiles.has(path)) found.lines.push({ path, line });
        else if (needsTorch(line.text)) found.dependents.push(line.name);
      }
    }
  }
  return found;
}

function needsTorch(spec: string): boolean {
  const m = /^\s*["']?([A-Za-z0-9._-]+)\s*(\[[^\]]*\])?/.exec(spec);
  if (!m) return false;
  return NEEDS_TORCH.has(normalizeName(m[1]!)) || (normalizeName(m[1]!) === 'transformers' && /\btorch\b/.test(m[2] ?? ''));
}

function usesCpuIndex(inst: PipInstall): boolean {
  return inst.options.some((o) => INDEX_OPTIONS.has(o.name) && o.value !== null && CPU_URL.test(o.value));
}

/** True when a requirements file the install reads sets the CPU index itself. */
function fileSaysCpu(inst: PipInstall, files: Record<string, string>): boolean {
  return filesOf(inst, files).some((p) => readRequirements(files[p]!).some((l) => l.kind === 'option' && /--(extra-)?index-url/.test(l.text) && /download\.pytorch\.org\/whl\/cpu/.test(l.text)));
}

function filesOf(inst: PipInstall, files: Record<string, string>): string[] {
  return inst.reqFiles.flatMap((r) => (r.path ? requirementFileClosure(r.path, files) : []));
}

/** An install that uses a CUDA/ROCm wheel index gets the CPU index instead (its +cuXXX pins become +cpu). */
function switchGpuIndex(inst: PipInstall, w: Work): boolean {
  const gpu = inst.options.find((o) => INDEX_OPTIONS.has(o.name) && o.value !== null && GPU_URL.test(o.value));
  if (!gpu) return false;
  const word = gpu.words[gpu.words.length - 1]!;
  const replaced = word.text.replace(/(download\.pytorch\.org\/whl\/)(cu\d+|rocm[\d.]+)/, '$1cpu');
  w.edits.push(wordEdit(inst, word, replaced));
  for (const t of inst.targets) if (t.name && TORCH_PACKAGES.has(t.name) && cpuPin(w)(t.word.text) !== t.word.text) w.edits.push(wordEdit(inst, t.word, cpuPin(w)(t.word.text)));
  w.switched.push(inst.script.instr.line);
  return true;
}

function wordEdit(inst: PipInstall, word: { start: number; end: number }, text: string): TextEdit {
  return { start: offsetAt(inst.cmd.part, word.start), end: offsetAfter(inst.cmd.part, word.end), newText: shellQuote(text) };
}

/** `torch==2.3.1+cu121` → `torch==2.3.1+cpu` (noted); other pins noted as needing a CPU build of that version. */
function cpuPin(w: Work): (spec: string) => string {
  return (spec) => {
    const out = spec.replace(/\+(cu\d+|rocm[\d.]+)\b/g, '+cpu');
    if (out !== spec && !w.cudaPins.includes(spec)) w.cudaPins.push(spec);
    const shown = out.replace(/\s*;.*$/, '');
    if (/==|~=/.test(shown) && !w.pinned.includes(shown)) w.pinned.push(shown);
    return out;
  };
}

/** `pip install [kept options] --index-url …/cpu <specs> && ` before the install, with the same pip and prefix. */
function insertTorchInstall(inst: PipInstall, specs: string[]): TextEdit {
  const { cmd } = inst;
  const head = cmd.part.text.slice(cmd.start, cmd.at[inst.installIndex]!.end);
  const opts = inst.options.filter((o) => KEEP_OPTIONS.has(o.name)).flatMap((o) => o.words.map((x) => shellQuote(x.text)));
  const at = offsetAt(cmd.part, cmd.start);
  return { start: at, end: at, newText: `${[head, ...opts, '--index-url', CPU_INDEX, ...specs.map(shellQuote)].join(' ')} && ` };
}

function notes(w: Work): string[] {
  const out: string[] = [];
  for (const m of w.moved) {
    const from = m.from.length ? `; removed from ${m.from.join(', ')}` : '';
    out.push(`line ${m.line}: ${m.specs.join(' ')} from ${CPU_INDEX}${from}`);
  }
  if (w.switched.length) out.push(`the CUDA wheel index on ${lines(w.switched)} became ${CPU_INDEX}`);
  if (w.dependents.length) out.push(`torch is not listed, but ${w.dependents.join('; ')} ${w.dependents.length === 1 ? 'needs' : 'need'} it: the CPU build is installed first, so pip keeps it`);
  if (w.cudaPins.length) out.push(`CUDA local versions became +cpu: ${w.cudaPins.join(', ')}`);
  if (w.pinned.length) out.push(`pinned: ${w.pinned.join(', ')}; == matches the CPU index's +cpu builds, but a version it lacks fails to install (keep torch, torchvision and torchaudio from one PyTorch release)`);
  if (w.unhashed.length) out.push(`${w.unhashed.join(', ')} moved without ${w.unhashed.length === 1 ? 'its' : 'their'} --hash options (they were the hashes of PyPI's wheels); the rest of the file keeps hash checking`);
  if (w.unknownFiles.length) out.push(`requirements files not found in the build context: ${w.unknownFiles.join(', ')} (not checked for torch)`);
  return out;
}

function no(p: Project, installs: PipInstall[], w: Work): Analysis {
  if (w.clean.length) return { ok: false, reason: reason('torch-already-cpu', `torch already comes from the CPU wheel index (${lines(w.clean)})`) };
  const apt = aptRuns(p.dockerfile, p.dockerfile.instructions).runs.flatMap((r) => r.apt.filter(({ a }) => a.sub.text === 'install' && a.packages.some((x) => /^python3-torch(vision|audio)?$/.test(packageName(x.text)))).map(() => r.script.instr.line));
  if (apt.length) return { ok: false, reason: reason('torch-from-debian', `torch comes from Debian's python3-torch (${lines(apt)}), which Debian builds without CUDA: it is CPU-only already`) };
  const where = installs.length ? 'no pip install or requirements file it reads names torch, torchvision or torchaudio' : 'no pip install in any RUN';
  const message = w.unknownFiles.length ? `${where} (requirements files not found in the build context: ${w.unknownFiles.join(', ')})` : where;
  return { ok: false, reason: reason(installs.length ? 'no-torch' : 'no-pip-install', message) };
}
