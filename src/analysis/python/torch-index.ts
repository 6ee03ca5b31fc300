// Where pip takes torch from: what a wheel index or find-links URL serves (PyTorch's CPU index, one of its
// accelerator indexes, NVIDIA's index, anything else), and the `+cuXXX` local versions that pin an accelerator
// build. Build variables in a URL or pin are read with the ENV/ARG values in effect at the RUN. Pure.
import { expandVariables, globalArgDefaults, hasVariables, type DockerfileModel, type Instruction } from '../../dockerfile/index.js';
import { envSetting } from '../stage/stage-env.js';

export const CPU_INDEX = 'https://download.pytorch.org/whl/cpu';

/** cpu: PyTorch's CPU wheels; gpu: CUDA/ROCm/XPU builds (or pages that mix them with CPU ones); other: not a PyTorch index. */
export type TorchUrlKind = 'cpu' | 'gpu' | 'other';

const PYTORCH = /^(?:https?:\/\/)?download\.pytorch\.org\/whl(\/.*)?$/;
/** NVIDIA's own package indexes (CUDA libraries, and their torch builds). */
const NVIDIA = /^(?:https?:\/\/)?pypi\.(ngc\.)?nvidia\.com(\/|$)/;

export function torchUrlKind(url: string): TorchUrlKind {
  const u = url.trim().replace(/^["']|["']$/g, '');
  if (NVIDIA.test(u)) return 'gpu';
  const m = PYTORCH.exec(u);
  if (!m) return 'other';
  // whl/cpu, whl/nightly/cpu, whl/test/cpu (+ /torch_stable.html or a package page); whl/torch_stable.html lists every build.
  return /^\/((nightly|test)\/)?cpu(-cxx11-abi)?(\/.*)?$/.test(m[1] ?? '') ? 'cpu' : 'gpu';
}

/** The CPU index of the same channel: nightly and test URLs keep their channel. */
export function cpuIndexFor(url: string): string {
  const channel = /download\.pytorch\.org\/whl\/(nightly|test)\//.exec(url)?.[1];
  return channel ? `https://download.pytorch.org/whl/${channel}/cpu` : CPU_INDEX;
}

/** The accelerator local version of a pin (`torch==2.1.0+cu118` → cu118), or null. */
export function acceleratorLabel(spec: string): string | null {
  const m = /==\s*[^\s,;+]+\+([A-Za-z0-9.]+)/.exec(spec);
  return m && /^(cu\d+|rocm[\d.]+|xpu)$/.test(m[1]!) ? m[1]! : null;
}

/** The CPU local version of a pin (`torch==2.1.0+cpu`). */
export function isCpuPin(spec: string): boolean {
  return /==\s*[^\s,;+]+\+cpu\b/.test(spec);
}

/**
 * A word with the build variables in effect at the RUN expanded (ENV and ARG values, global ARG defaults);
 * null when one has no value there.
 */
export function expandAt(model: DockerfileModel, instr: Instruction, text: string): string | null {
  const globals = globalArgDefaults(model);
  let out = text;
  // A value may itself name variables (ARG URL=…/${CUDA}): read it again, a few levels deep.
  for (let depth = 0; depth < 5 && hasVariables(out); depth++) {
    const vars = new Map<string, string | null>();
    for (const m of out.matchAll(/\$\{?([A-Za-z_][A-Za-z0-9_]*)/g)) {
      const set = envSetting(model, instr, m[1]!);
      vars.set(m[1]!, set === null ? null : set.value ?? globals.get(m[1]!) ?? null);
    }
    const e = expandVariables(out, vars);
    if (!('value' in e)) return null;
    out = e.value;
  }
  return hasVariables(out) ? null : out;
}

/**
 * The pin with its accelerator local version (written, or through a variable) made `+cpu`; the spec itself when
 * it has none. `expanded` is the spec with its variables read (null when they cannot be).
 */
export function cpuPinOf(written: string, expanded: string | null): string {
  const local = /(==\s*[^\s,;+]+)\+(\$\{[^}]*\}|\$[A-Za-z_][A-Za-z0-9_]*|[A-Za-z0-9.]+)/.exec(written);
  if (!local) return written;
  if (expanded !== null && acceleratorLabel(expanded) === null) return written; // +cpu, or a label that is no accelerator
  return written.slice(0, local.index) + `${local[1]}+cpu` + written.slice(local.index + local[0].length);
}
