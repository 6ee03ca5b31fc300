// Base images that ship torch, and NVIDIA's CUDA bases. On a torch-carrying base `pip install torch` from the CPU
// index is "already satisfied": the image keeps the base's build, so torch-cpu and onnx-runtime must change the
// base (to a CPU Python base of the same Python, with the same torch release from the CPU index) or not apply.
// Pure catalogue; it knows images by name and tag, never by pulling them.
import { formatImageRef, officialName, type ImageRef } from '../../dockerfile/index.js';

export interface CpuRebase {
  /** The Python the base's torch runs on (conda's, in pytorch/pytorch). */
  python: string;
  /** The torch release the base ships and its companions' matching releases. */
  pins: { torch: string; torchvision: string; torchaudio: string };
  /** The official python image of that Python: slim for runtime tags, the full one (compilers, headers) for devel tags. */
  image: string;
  /** The base's WORKDIR (the python images set none). */
  workdir: string;
  notes: string[];
}

export interface TorchBase {
  shown: string;
  /** The build of torch in the image. */
  build: 'cuda' | 'rocm' | 'cpu';
  /** How to rebase it on a CPU Python base, or why dflab cannot. */
  rebase: CpuRebase | { why: string };
}

/** torch release → matching torchvision and torchaudio releases (PyTorch's release compatibility table). */
const COMPANIONS: Record<string, [string, string]> = {
  '2.0.0': ['0.15.1', '2.0.1'], '2.0.1': ['0.15.2', '2.0.2'],
  '2.1.0': ['0.16.0', '2.1.0'], '2.1.1': ['0.16.1', '2.1.1'], '2.1.2': ['0.16.2', '2.1.2'],
  '2.2.0': ['0.17.0', '2.2.0'], '2.2.1': ['0.17.1', '2.2.1'], '2.2.2': ['0.17.2', '2.2.2'],
  '2.3.0': ['0.18.0', '2.3.0'], '2.3.1': ['0.18.1', '2.3.1'],
  '2.4.0': ['0.19.0', '2.4.0'], '2.4.1': ['0.19.1', '2.4.1'],
  '2.5.0': ['0.20.0', '2.5.0'], '2.5.1': ['0.20.1', '2.5.1'],
  '2.6.0': ['0.21.0', '2.6.0'],
  '2.7.0': ['0.22.0', '2.7.0'], '2.7.1': ['0.22.1', '2.7.1'],
  '2.8.0': ['0.23.0', '2.8.0'],
  '2.9.0': ['0.24.0', '2.9.0'], '2.9.1': ['0.24.1', '2.9.1'],
};

/** pytorch/pytorch's conda Python by torch minor: 3.10 for the 2.0–2.3 images, 3.11 from 2.4 (docker.Makefile's PYTHON_VERSION). */
function pytorchImagePython(version: string): string | null {
  const m = /^2\.(\d+)\./.exec(version);
  if (!m) return null;
  return Number(m[1]) <= 3 ? '3.10' : '3.11';
}

/** Images that ship torch, by repository (registry included where it is not Docker Hub). */
const OTHERS: { match: RegExp; build: (tag: string) => TorchBase['build']; what: string }[] = [
  { match: /^nvcr\.io\/nvidia\/(l4t-)?pytorch$/, build: () => 'cuda', what: "NVIDIA's own torch build with CUDA libraries and tooling (apex, TensorRT, DALI …) the image may rely on" },
  { match: /^(docker\.io\/)?rocm\/pytorch(-nightly)?$/, build: () => 'rocm', what: 'a ROCm build of torch with the ROCm stack' },
  { match: /^(docker\.io\/)?huggingface\/transformers-pytorch-(gpu|deepspeed[\w-]*|amd-gpu)$/, build: () => 'cuda', what: 'a CUDA build of torch with transformers' },
  { match: /^(docker\.io\/)?huggingface\/transformers-pytorch-cpu$/, build: () => 'cpu', what: 'a CPU build of torch with transformers' },
  { match: /^(docker\.io\/)?pytorchlightning\/pytorch_lightning$/, build: (t) => (/cuda/.test(t) ? 'cuda' : 'cpu'), what: 'torch with Lightning' },
  { match: /^(docker\.io\/)?anibali\/pytorch$/, build: (t) => (/cuda/.test(t) ? 'cuda' : 'cpu'), what: 'torch in a conda environment' },
  { match: /^(docker\.io\/)?pytorch\/torchserve(-nightly)?$/, build: (t) => (/gpu|cu\d/.test(t) ? 'cuda' : 'cpu'), what: 'torch with TorchServe' },
  { match: /^(quay\.io\/)?jupyter\/pytorch-notebook$/, build: (t) => (/cuda/.test(t) ? 'cuda' : 'cpu'), what: 'torch in the notebook stack\'s conda environment' },
  { match: /(^|\/)deeplearning-platform-release\/(gcr\.io\/)?pytorch-/, build: (t) => (/gpu|cu\d/.test(t) ? 'cuda' : 'cpu'), what: "Google's deep learning stack with torch" },
  { match: /\.amazonaws\.com\/pytorch-(inference|training)$/, build: (t) => (/gpu|cu\d/.test(t) ? 'cuda' : 'cpu'), what: "AWS's deep learning stack with torch" },
  // Any other image named for PyTorch (hiyouga/pytorch, <org>/pytorch-cuda …): taken to ship it, CUDA unless its tag says cpu.
  { match: /(^|\/)[^/]*pytorch[^/]*$/, build: (t) => (/(^|[-_.])cpu([-_.]|$)/.test(t) ? 'cpu' : 'cuda'), what: 'torch (the image is named for it)' },
];

/** The torch a base image ships, or null when dflab knows of none. */
export function torchBaseOf(ref: ImageRef): TorchBase | null {
  const shown = formatImageRef(ref);
  const path = `${ref.registry ? `${ref.registry}/` : ''}${ref.repository}`;
  if (ref.registry === null && ref.repository === 'pytorch/pytorch') return pytorchImage(ref, shown);
  const tag = ref.tag ?? 'latest';
  for (const o of OTHERS) {
    if (!o.match.test(path)) continue;
    const build = o.build(tag);
    return { shown, build, rebase: { why: `${shown} ships ${o.what}; dflab knows no CPU Python base that matches it` } };
  }
  return null;
}

function pytorchImage(ref: ImageRef, shown: string): TorchBase {
  const m = /^(\d+\.\d+\.\d+)-(cuda[\d.]+)-(cudnn\d+)-(runtime|devel)$/.exec(ref.tag ?? '');
  if (!m || ref.digest !== null) return { shown, build: 'cuda', rebase: { why: `${shown} ships torch in conda's Python, and its tag does not say which release (dflab reads tags like 2.3.0-cuda12.1-cudnn8-runtime)` } };
  const [, version, , , flavour] = m as unknown as [string, string, string, string, string];
  const python = pytorchImagePython(version);
  const companions = COMPANIONS[version];
  if (python === null || !companions) return { shown, build: 'cuda', rebase: { why: `${shown} ships torch ${version}, a release whose image Python and companion releases dflab does not know` } };
  const image = flavour === 'devel' ? `python:${python}` : `python:${python}-slim`;
  const notes = [
    `${shown} ships torch ${version} (CUDA) in conda's Python ${python} on Ubuntu; ${image} is Debian with Python ${python} at /usr/local and no conda${flavour === 'devel' ? ', no CUDA toolkit (its compilers and headers stay)' : ''}: apt package names that differ between Ubuntu and Debian, and anything else the old base had, are the build's and the smoke test's to show`,
  ];
  return { shown, build: 'cuda', rebase: { python, pins: { torch: version, torchvision: companions[0], torchaudio: companions[1] }, image, workdir: '/workspace', notes } };
}

export interface CudaBase {
  shown: string;
  /** base (CUDA runtime essentials), runtime, devel (compilers, headers), with cuDNN when the tag says so. */
  flavour: string;
}

/** NVIDIA's CUDA images (nvidia/cuda, nvcr.io/nvidia/cuda): CUDA libraries in the base's layers, no torch. */
export function cudaBaseOf(ref: ImageRef): CudaBase | null {
  const path = `${ref.registry ? `${ref.registry}/` : ''}${ref.repository}`;
  if (!/^((docker\.io\/)?nvidia|nvcr\.io\/nvidia)\/cuda$/.test(path) || officialName(ref) !== null) return null;
  const tag = ref.tag ?? '';
  const flavour = /-devel-/.test(tag) ? 'devel' : /-runtime-/.test(tag) ? 'runtime' : /-base-/.test(tag) ? 'base' : 'unknown';
  return { shown: formatImageRef(ref), flavour: /cudnn/.test(tag) ? `${flavour} with cuDNN` : flavour };
}
