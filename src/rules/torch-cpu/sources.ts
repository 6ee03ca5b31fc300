// torch that reaches the image by other installers than pip: conda packages, and pyproject.toml dependencies that
// uv, poetry or pdm install through their lock files. torch-cpu rewrites neither (a lock file pins the CUDA wheels
// by hash), except a project that declares a CPU extra beside a CUDA one: then the installer's `--extra(s) cuda`
// becomes the CPU one, as the project itself offers. Pure.
import type { TextEdit } from '../../dockerfile/index.js';
import { torchUrlKind } from '../../analysis/python/torch-index.js';
import { offsetAfter, offsetAt, runScript, type RunCommand } from '../../analysis/shell/run-script.js';
import type { Project } from '../types.js';
import { reason, type Reason } from '../../reasons.js';

export type Foreign = { edits: TextEdit[]; notes: string[] } | { reason: Reason } | null;

const CONDA = /^(conda|mamba|micromamba)$/;
const CONDA_TORCH = /^(pytorch|torch|pytorch-gpu|pytorch-cuda|pytorch-cpu)([=<>!~ ].*)?$/;
const PROJECT_INSTALLERS: { tool: string; match: (w: string[]) => boolean }[] = [
  { tool: 'uv sync', match: (w) => w[0] === 'uv' && w[1] === 'sync' },
  { tool: 'uv pip install', match: (w) => w[0] === 'uv' && w[1] === 'pip' && w[2] === 'install' && w.some((x) => x === '.' || /pyproject\.toml$/.test(x)) },
  { tool: 'poetry install', match: (w) => w[0] === 'poetry' && w[1] === 'install' },
  { tool: 'pdm install', match: (w) => w[0] === 'pdm' && (w[1] === 'install' || w[1] === 'sync') },
];
const TORCH_DEP = /(^|["'\s,[])(torch|torchvision|torchaudio)\s*(["'\s(<>=!~;[]|$)/m;

/** conda or project-installer torch: a reason not to apply, the extra switch, or null when there is none. */
export function foreignTorch(p: Project): Foreign {
  const commands = p.dockerfile.instructions.flatMap((i) => (runScript(p.dockerfile, i)?.commands ?? []).map((cmd) => ({ cmd, line: i.line })));
  for (const { cmd, line } of commands) {
    if (!CONDA.test(cmd.name) || !cmd.words.some((w) => w === 'install' || w === 'create')) continue;
    const pkgs = cmd.words.filter((w) => CONDA_TORCH.test(w));
    if (pkgs.length === 0 || cmd.words.includes('cpuonly') || pkgs.some((w) => /cpu/.test(w))) continue;
    return { reason: reason('torch-from-conda', `torch comes from ${cmd.name} (${pkgs.join(' ')}, line ${line}): torch-cpu rewrites pip installs only (conda's CPU build is \`cpuonly\`)`) };
  }
  const pyprojects = Object.keys(p.files).filter((f) => /(^|\/)pyproject\.toml$/.test(f) && TORCH_DEP.test(p.files[f]!));
  if (pyprojects.length === 0) return null;
  for (const { cmd, line } of commands) {
    const inst = PROJECT_INSTALLERS.find((x) => x.match(cmd.words));
    if (!inst) continue;
    const path = pyprojects[0]!;
    const text = p.files[path]!;
    const switched = switchExtra(cmd, text);
    if (switched) return { edits: [switched.edit], notes: [`line ${line}: ${inst.tool} ${switched.from} → ${switched.to}: ${path} declares a CPU extra whose torch comes from ${switched.url}`] };
    const gpu = urls(text).filter((u) => torchUrlKind(u) === 'gpu');
    if (gpu.length) return { reason: reason('torch-from-project-lock', `torch comes through ${inst.tool} (line ${line}) from ${gpu.join(', ')}, a package source ${path} names; pointing it at the CPU index changes the lock file, which dflab does not regenerate`) };
    return { reason: reason('torch-from-project-lock', `torch is a dependency in ${path}, which ${inst.tool} (line ${line}) installs from PyPI (the CUDA build); its CPU build needs a CPU index source in ${path} and a new lock file, which dflab does not write`) };
  }
  return null;
}

/** `--extra(s) cuda` / `-E cu121` → the project's `cpu` extra, when it has one whose torch comes from a CPU index. */
function switchExtra(cmd: RunCommand, pyproject: string): { edit: TextEdit; from: string; to: string; url: string } | null {
  const cpuUrl = urls(pyproject).find((u) => torchUrlKind(u) === 'cpu');
  if (!cpuUrl || !/^\s*cpu\s*=\s*\[/m.test(pyproject)) return null;
  for (let i = 1; i < cmd.at.length; i++) {
    const w = cmd.at[i]!;
    const eq = /^(--extras?|-E)=(.*)$/.exec(w.text);
    const value = eq ? eq[2]! : /^(--extras?|-E)$/.test(w.text) ? cmd.at[i + 1]?.text : undefined;
    if (value === undefined || !/^(cuda|gpu|cu\d+)$/.test(value)) continue;
    const word = eq ? w : cmd.at[i + 1]!;
    const newText = eq ? `${eq[1]}=cpu` : 'cpu';
    return { edit: { start: offsetAt(cmd.part, word.start), end: offsetAfter(cmd.part, word.end), newText }, from: `${eq ? eq[1] : w.text} ${value}`, to: `${eq ? eq[1] : w.text} cpu`, url: cpuUrl };
  }
  return null;
}

function urls(text: string): string[] {
  return [...text.matchAll(/url\s*=\s*["']([^"']+)["']/g)].map((m) => m[1]!);
}
