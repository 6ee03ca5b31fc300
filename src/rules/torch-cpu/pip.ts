// torch-cpu's pip part: every pip install that names torch, torchvision or torchaudio (on its command line or in
// the requirements files it reads) gets them from the CPU index, and no CUDA index, find-links page or +cuXXX pin
// stays in effect for them.
//
// An install of torch & co. alone is rewritten in place: its index and find-links options go, `--index-url` of the
// CPU index comes in (pip uses the last --index-url, and an extra index would let PyPI's CUDA build win whenever it
// is newer). An install that also names other packages keeps them: torch & co. move to a pip install of their own
// right before it, with the CPU index only (PyTorch's documented `pip install torch --index-url …/whl/cpu`: that
// index also serves torch's own dependencies), and the install loses the CUDA indexes and find-links pages it had
// for them, so the rest resolves from PyPI. `+cuXXX` pins (also through a build variable) become `+cpu`, in
// constraints files too. Where torch is not named but a requirement needs it, the CPU build goes first.
import type { DockerfileModel, TextEdit } from '../../dockerfile/index.js';
import { pipInstalls, type PipInstall } from '../../analysis/python/pip-args.js';
import { readRequirements, normalizeName, type RequirementLine } from '../../analysis/python/requirements.js';
import { TORCH_PACKAGES } from '../../analysis/python/python-packages.js';
import { cpuIndexFor, cpuPinOf, CPU_INDEX } from '../../analysis/python/torch-index.js';
import { offsetAfter, offsetAt } from '../../analysis/shell/run-script.js';
import { removeArgs, shellQuote } from '../../analysis/shell/script-edit.js';
import type { FileEdit, Project } from '../types.js';
import { reason, type Reason, type ReasonCode } from '../../reasons.js';
import { alreadyCpu, viewInstall, type IndexOption, type InstallView, type TorchSpec } from './options.js';

/** Options of the original install the torch install keeps (where and how pip installs, constraints). */
const KEEP_OPTIONS = new Set([
  '--no-cache-dir', '--user', '--break-system-packages', '--prefix', '--target', '-t', '--root', '--upgrade', '-U', '--pre', '-q', '--quiet',
  '-c', '--constraint', '--no-deps', '--ignore-installed', '-I', '--force-reinstall',
]);
/** Distributions that require torch. */
const NEEDS_TORCH = new Set(['sentence-transformers', 'accelerate', 'timm', 'torchmetrics', 'pytorch-lightning', 'lightning', 'ultralytics', 'openai-whisper', 'easyocr', 'kornia', 'peft']);
/** Operators after which a command cannot get another one put before it with `&&` (it would change what runs). */
const UNSAFE_BEFORE = new Set(['||', '|', '&']);

export interface PipWork {
  edits: TextEdit[];
  files: FileEdit[];
  notes: string[];
  /** Lines whose installs take torch from the CPU index already. */
  clean: number[];
  /** Why the rule cannot apply, when a torch install is one it cannot rewrite. */
  refuse: Reason | null;
  /** Requirements files an install reads that are not in the build context. */
  unknownFiles: string[];
  /** Stages where torch is installed (from the CPU index once the edits apply). */
  torchStages: Set<number>;
  /** How many pip installs the Dockerfile runs. */
  installs: number;
}

interface State extends PipWork {
  lines: Map<string, Map<number, { line: RequirementLine; text: string | null }>>;
  cudaPins: string[];
  pinned: string[];
  unhashed: string[];
}

export function pipWork(p: Project): PipWork {
  const model = p.dockerfile;
  const s: State = { edits: [], files: [], notes: [], clean: [], refuse: null, unknownFiles: [], torchStages: new Set(), installs: 0, lines: new Map(), cudaPins: [], pinned: [], unhashed: [] };
  for (const inst of pipInstalls(model, p.files, p.contextPaths)) {
    s.installs++;
    const line = inst.script.instr.line;
    for (const rf of inst.reqFiles) if (rf.path === null) s.unknownFiles.push(`${rf.arg} (line ${line})`);
    const v = viewInstall(model, inst, p.files, p.contextPaths);
    const stage = inst.script.instr.stage;
    if (v.torch.length === 0) {
      const dependents = dependentsOf(inst, v, p.files);
      if (dependents.length && !s.torchStages.has(stage) && !alreadyCpu(v)) {
        if (!insertable(inst)) return refuse(s, 'torch-install-not-insertable', `line ${line}: ${dependents.join(', ')} needs torch, and its pip install follows \`${prevOp(inst)}\`, where no torch install can go before it`);
        s.edits.push(torchInstall(inst, ['torch'], CPU_INDEX));
        dropGpuOptions(model, inst, v, s);
        s.notes.push(`torch is not listed, but ${dependents.join(', ')} (line ${line}) ${dependents.length === 1 ? 'needs' : 'need'} it: the CPU build is installed first, so pip keeps it`);
        s.torchStages.add(stage);
      }
      continue;
    }
    s.torchStages.add(stage);
    if (alreadyCpu(v)) {
      s.clean.push(line);
      continue;
    }
    if (v.noIndex) return refuse(s, 'torch-local-wheels', `line ${line} installs torch with --no-index from local files: where those wheels come from is not a pip install torch-cpu rewrites`);
    const gpu = v.options.find((o) => o.kind === 'gpu');
    const index = gpu?.url ? cpuIndexFor(gpu.url) : CPU_INDEX;
    const specs = v.torch.map((t) => pin(s, t));
    const onlyTorch = inst.reqFiles.length === 0 && inst.targets.every((t) => t.name !== null && TORCH_PACKAGES.has(t.name));
    if (onlyTorch) {
      rewriteInPlace(model, inst, v, specs, index, s);
      continue;
    }
    if (!insertable(inst)) return refuse(s, 'torch-install-not-insertable', `line ${line}: the pip install that names torch follows \`${prevOp(inst)}\`, where no torch install can go before it`);
    s.edits.push(torchInstall(inst, specs, index));
    s.edits.push(...removeArgs(model, inst.cmd, v.torch.flatMap((t) => (t.at.kind === 'word' ? [t.at.word] : []))));
    for (const t of v.torch) if (t.at.kind === 'line') changeLine(s, t.at.path, t.at.line, null);
    const from = [...new Set(v.torch.flatMap((t) => (t.at.kind === 'line' ? [t.at.path] : [])))];
    s.notes.push(`line ${line}: ${specs.join(' ')} from ${index}${from.length ? `; removed from ${from.join(', ')}` : ''}`);
    dropGpuOptions(model, inst, v, s);
    for (const t of v.torch) if (t.at.kind === 'line' && /\s--hash/.test(t.at.line.text) && !s.unhashed.includes(t.at.line.name!)) s.unhashed.push(t.at.line.name!);
  }
  if (s.torchStages.size) cpuConstraints(p, s);
  s.files = [...s.lines].map(([path, changes]) => ({ path, newText: rewriteFile(p.files[path]!, [...changes.values()]) }));
  s.notes.push(...pinNotes(s));
  return s;
}

function refuse(s: State, code: ReasonCode, message: string): PipWork {
  return { ...s, refuse: reason(code, message) };
}

/** The spec with its accelerator local version made +cpu (noted), and a note on exact pins. */
function pin(s: State, t: TorchSpec): string {
  const out = cpuPinOf(t.text, t.expanded);
  if (out !== t.text && !s.cudaPins.includes(t.text)) s.cudaPins.push(t.text);
  const shown = out.replace(/\s*;.*$/, '');
  if (/==|~=/.test(shown) && !s.pinned.includes(shown)) s.pinned.push(shown);
  return out;
}

/** Torch & co. alone: their index and find-links options go, the CPU index comes in after `install`, pins become +cpu. */
function rewriteInPlace(model: DockerfileModel, inst: PipInstall, v: InstallView, specs: string[], index: string, s: State): void {
  const words = v.options.flatMap((o) => (o.at.kind === 'word' ? o.at.option.words : []));
  s.edits.push(...removeArgs(model, inst.cmd, words));
  const at = offsetAfter(inst.cmd.part, inst.cmd.at[inst.installIndex]!.end);
  s.edits.push({ start: at, end: at, newText: ` --index-url ${index}` });
  v.torch.forEach((t, i) => {
    if (t.at.kind === 'word' && specs[i] !== t.text) s.edits.push(wordEdit(inst, t.at.word, specs[i]!));
  });
  s.notes.push(`line ${inst.script.instr.line}: ${specs.join(' ')} from ${index}${v.options.length ? ` (instead of ${describe(v.options)})` : ''}`);
}

/** The install's CUDA indexes and find-links pages go (they served torch), on its command line and in its files. */
function dropGpuOptions(model: DockerfileModel, inst: PipInstall, v: InstallView, s: State): void {
  const gpu = v.options.filter((o) => o.kind === 'gpu');
  if (gpu.length === 0) return;
  s.edits.push(...removeArgs(model, inst.cmd, gpu.flatMap((o) => (o.at.kind === 'word' ? o.at.option.words : []))));
  for (const o of gpu) if (o.at.kind === 'line') changeLine(s, o.at.path, o.at.line, null);
  const primary = gpu.some((o) => o.role === 'index');
  s.notes.push(`line ${inst.script.instr.line}: ${describe(gpu)} ${gpu.length === 1 ? 'was' : 'were'} for torch and ${gpu.length === 1 ? 'goes' : 'go'}${primary ? '; the other packages resolve from PyPI again' : ''}`);
}

function describe(options: IndexOption[]): string {
  return options.map((o) => {
    const read = o.url !== null && o.url !== o.written ? ` = ${o.url}` : '';
    return `${o.role === 'links' ? '-f' : o.role === 'index' ? '--index-url' : '--extra-index-url'} ${o.written}${read}${o.at.kind === 'line' ? ` (${o.at.path})` : ''}`;
  }).join(', ');
}

/** Constraints files that pin torch & co. to +cuXXX builds pin +cpu ones (the CPU install must satisfy them). */
function cpuConstraints(p: Project, s: State): void {
  const model = p.dockerfile;
  for (const inst of pipInstalls(model, p.files, p.contextPaths)) {
    for (const path of viewInstall(model, inst, p.files, p.contextPaths).constraints) {
      for (const line of readRequirements(p.files[path]!)) {
        if (line.kind !== 'requirement' || !TORCH_PACKAGES.has(line.name!)) continue;
        const text = cpuPinOf(line.text, line.text);
        if (text !== line.text && !s.lines.get(path)?.has(line.line)) {
          changeLine(s, path, line, text);
          if (!s.cudaPins.includes(`${line.text} (${path})`)) s.cudaPins.push(`${line.text} (${path})`);
        }
      }
    }
  }
}

function changeLine(s: State, path: string, line: RequirementLine, text: string | null): void {
  const m = s.lines.get(path) ?? new Map();
  m.set(line.line, { line, text });
  s.lines.set(path, m);
}

/** The file with lines removed (null) or their pins made +cpu in place (comments and the rest of the line kept). */
function rewriteFile(text: string, changes: { line: RequirementLine; text: string | null }[]): string {
  const parts = text.split(/(\r\n|\r|\n)/);
  const drop = new Set<number>();
  const cpu = new Set<number>();
  for (const c of changes) for (let i = 0; i < c.line.count; i++) (c.text === null ? drop : cpu).add(c.line.line + i);
  let out = '';
  for (let i = 0, n = 0; i < parts.length; i += 2, n++) {
    if (drop.has(n)) continue;
    const body = cpu.has(n) ? parts[i]!.replace(/(==\s*[^\s,;+#]+)\+(cu\d+|rocm[\d.]+|xpu)\b/g, '$1+cpu') : parts[i]!;
    out += body + (parts[i + 1] ?? '');
  }
  return out;
}

function dependentsOf(inst: PipInstall, v: InstallView, files: Record<string, string>): string[] {
  const out = inst.targets.filter((t) => t.name !== null && needsTorch(t.word.text)).map((t) => t.name!);
  for (const path of v.files) for (const l of readRequirements(files[path]!)) if (l.name !== null && l.kind === 'requirement' && needsTorch(l.text)) out.push(l.name);
  return [...new Set(out)];
}

function needsTorch(spec: string): boolean {
  const m = /^\s*["']?([A-Za-z0-9._-]+)\s*(\[[^\]]*\])?/.exec(spec);
  if (!m) return false;
  return NEEDS_TORCH.has(normalizeName(m[1]!)) || (normalizeName(m[1]!) === 'transformers' && /\btorch\b/.test(m[2] ?? ''));
}

function prevOp(inst: PipInstall): string {
  const i = inst.script.commands.indexOf(inst.cmd);
  const prev = i > 0 ? inst.script.commands[i - 1] : undefined;
  return prev && prev.part === inst.cmd.part ? prev.op : '';
}

/** A command can get `torch install && ` before it unless it follows `||`, `|` or `&`. */
function insertable(inst: PipInstall): boolean {
  return !UNSAFE_BEFORE.has(prevOp(inst));
}

function wordEdit(inst: PipInstall, word: { start: number; end: number }, text: string): TextEdit {
  return { start: offsetAt(inst.cmd.part, word.start), end: offsetAfter(inst.cmd.part, word.end), newText: shellQuote(text) };
}

/** `pip install [kept options] --index-url <cpu> <specs> && ` before the install, with the same pip and prefix. */
function torchInstall(inst: PipInstall, specs: string[], index: string): TextEdit {
  const { cmd } = inst;
  const head = cmd.part.text.slice(cmd.start, cmd.at[inst.installIndex]!.end);
  const opts = inst.options.filter((o) => KEEP_OPTIONS.has(o.name)).flatMap((o) => o.words.map((x) => shellQuote(x.text)));
  const at = offsetAt(cmd.part, cmd.start);
  return { start: at, end: at, newText: `${[head, ...opts, '--index-url', index, ...specs.map(shellQuote)].join(' ')} && ` };
}

function pinNotes(s: State): string[] {
  const out: string[] = [];
  if (s.cudaPins.length) out.push(`CUDA local versions became +cpu: ${s.cudaPins.join(', ')}`);
  if (s.pinned.length) out.push(`pinned: ${s.pinned.join(', ')}; == matches the CPU index's +cpu builds, but a version it lacks fails to install (keep torch, torchvision and torchaudio from one PyTorch release)`);
  if (s.unhashed.length) out.push(`${s.unhashed.join(', ')} moved without ${s.unhashed.length === 1 ? 'its' : 'their'} --hash options (they were the hashes of PyPI's wheels); the rest of the file keeps hash checking`);
  return out;
}
