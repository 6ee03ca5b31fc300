// The index options a pip install works with, from its command line and from the requirements files it reads
// (option lines), each with what it serves torch as; and the torch requirements it names. Pure.
import type { DockerfileModel } from '../../dockerfile/index.js';
import { requirementFileClosure, resolveContextFile, type PipInstall, type PipOption } from '../../analysis/python/pip-args.js';
import { readRequirements, type RequirementLine } from '../../analysis/python/requirements.js';
import { TORCH_PACKAGES } from '../../analysis/python/python-packages.js';
import { acceleratorLabel, expandAt, isCpuPin, torchUrlKind, type TorchUrlKind } from '../../analysis/python/torch-index.js';
import { joinPath } from '../../analysis/stage/stage-env.js';

const INDEX = new Set(['-i', '--index-url']);
const EXTRA = new Set(['--extra-index-url']);
const LINKS = new Set(['-f', '--find-links']);

/** Where an index option is written: a word of the command, or a line of a requirements file. */
export type OptionAt = { kind: 'word'; option: PipOption } | { kind: 'line'; path: string; line: RequirementLine };

export interface IndexOption {
  role: 'index' | 'extra' | 'links';
  /** The URL as written, and read with the build variables in effect (null when one has no value). */
  written: string;
  url: string | null;
  /** What it serves torch as; a PyTorch URL whose variables have no value counts as gpu, any other as other. */
  kind: TorchUrlKind;
  at: OptionAt;
}

export interface TorchSpec {
  /** The requirement as written (a word of the command, or a requirements line without its options). */
  text: string;
  /** Read with the build variables in effect. */
  expanded: string | null;
  at: { kind: 'word'; word: PipInstall['targets'][number]['word'] } | { kind: 'line'; path: string; line: RequirementLine };
}

export interface InstallView {
  options: IndexOption[];
  torch: TorchSpec[];
  /** The requirements files it reads (with their -r includes). */
  files: string[];
  /** Constraints files (`-c`) it reads, command line and requirements lines, as context paths. */
  constraints: string[];
  noIndex: boolean;
}

export function viewInstall(model: DockerfileModel, inst: PipInstall, files: Record<string, string>, contextPaths: string[]): InstallView {
  const instr = inst.script.instr;
  const read = (text: string) => expandAt(model, instr, text);
  const options: IndexOption[] = [];
  const add = (name: string, written: string, at: OptionAt) => {
    const role = INDEX.has(name) ? 'index' : EXTRA.has(name) ? 'extra' : LINKS.has(name) ? 'links' : null;
    if (role === null) return;
    const url = read(written);
    const kind = url !== null ? torchUrlKind(url) : /download\.pytorch\.org|nvidia\.com/.test(written) ? 'gpu' : 'other';
    options.push({ role, written, url, kind, at });
  };
  for (const o of inst.options) if (o.value !== null) add(o.name, o.value, { kind: 'word', option: o });
  const paths = [...new Set(inst.reqFiles.flatMap((r) => (r.path ? requirementFileClosure(r.path, files) : [])))];
  const torch: TorchSpec[] = inst.targets.filter((t) => t.name !== null && TORCH_PACKAGES.has(t.name)).map((t) => ({ text: t.word.text, expanded: read(t.word.text), at: { kind: 'word', word: t.word } }));
  const constraints = inst.options.filter((o) => (o.name === '-c' || o.name === '--constraint') && o.value !== null)
    .map((o) => resolveContextFile(model, instr, o.value!, files, contextPaths)).filter((p): p is string => p !== null);
  for (const path of paths) {
    for (const line of readRequirements(files[path]!)) {
      if (line.kind === 'option') {
        const m = /^(-i|--index-url|--extra-index-url|-f|--find-links)(?:\s*=\s*|\s+)(\S+)/.exec(line.text);
        if (m) add(m[1]!, m[2]!, { kind: 'line', path, line });
        const c = /^(?:-c|--constraint)(?:\s*=\s*|\s+)(\S+)/.exec(line.text);
        const dir = path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '';
        if (c) constraints.push(joinPath(`/${dir}`, c[1]!).slice(1));
      } else if (line.kind === 'requirement' && TORCH_PACKAGES.has(line.name!)) {
        const text = line.text.replace(/\s+--hash\S*.*$/, '');
        torch.push({ text, expanded: read(text), at: { kind: 'line', path, line } });
      }
    }
  }
  const noIndex = inst.options.some((o) => o.name === '--no-index') || paths.some((p) => readRequirements(files[p]!).some((l) => l.kind === 'option' && /^--no-index\b/.test(l.text)));
  return { options, torch, files: paths, constraints: [...new Set(constraints)].filter((c) => c in files), noIndex };
}

/** True when pip already takes every torch requirement of the install from the CPU index (or pins +cpu builds). */
export function alreadyCpu(v: InstallView): boolean {
  if (v.options.some((o) => o.kind === 'gpu') || v.torch.some((t) => acceleratorLabel(t.expanded ?? t.text) !== null)) return false;
  const indexes = v.options.filter((o) => o.role === 'index');
  const primary = indexes[indexes.length - 1]; // pip uses the last --index-url
  if (primary?.kind === 'cpu') return true;
  // An extra CPU index: pip takes the highest version from either, and a +cpu build sorts above the same release on PyPI.
  if (v.options.some((o) => o.role !== 'index' && o.kind === 'cpu')) return true;
  return v.torch.length > 0 && v.torch.every((t) => isCpuPin(t.expanded ?? t.text));
}
