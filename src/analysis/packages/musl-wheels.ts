// Python distributions pip cannot install on Alpine (musl): PyPI has manylinux (glibc) wheels for them and no
// musllinux wheel, and either no sdist or one that needs a toolchain nobody has in an image (CUDA, Bazel). Each
// entry says why, for the decline message; a second table names popular distributions that depend on one of them.
import { normalizeName } from '../python/requirements.js';

const NO_SDIST = 'has manylinux wheels only and no sdist';
const HEAVY_SDIST = 'has manylinux wheels only (its sdist needs CUDA or a C++ build of its framework)';

/** Distribution → why pip on musl cannot install it. */
const MANYLINUX_ONLY: Record<string, string> = {
  torch: NO_SDIST, torchvision: HEAVY_SDIST, torchaudio: HEAVY_SDIST, triton: NO_SDIST, xformers: HEAVY_SDIST,
  tensorflow: NO_SDIST, 'tensorflow-cpu': NO_SDIST, 'tensorflow-gpu': NO_SDIST, 'tensorflow-intel': NO_SDIST, 'tf-nightly': NO_SDIST,
  'tensorflow-io-gcs-filesystem': NO_SDIST, 'tensorflow-text': NO_SDIST,
  onnxruntime: NO_SDIST, 'onnxruntime-gpu': NO_SDIST, jaxlib: NO_SDIST, bitsandbytes: HEAVY_SDIST, tensorrt: HEAVY_SDIST,
  paddlepaddle: NO_SDIST, 'paddlepaddle-gpu': NO_SDIST, mxnet: NO_SDIST, 'flash-attn': HEAVY_SDIST, deepspeed: HEAVY_SDIST,
  'opencv-python': HEAVY_SDIST, 'opencv-python-headless': HEAVY_SDIST, 'opencv-contrib-python': HEAVY_SDIST,
  'opencv-contrib-python-headless': HEAVY_SDIST, ctranslate2: NO_SDIST, vllm: HEAVY_SDIST,
};

/** Popular distributions that require one of the above (their own wheels are pure or manylinux). */
const NEEDS: Record<string, string> = {
  'sentence-transformers': 'torch', accelerate: 'torch', timm: 'torch', 'pytorch-lightning': 'torch', lightning: 'torch',
  torchmetrics: 'torch', kornia: 'torch', ultralytics: 'torch', easyocr: 'torch', 'openai-whisper': 'torch', docling: 'torch',
  'docling-ibm-models': 'torch', 'faster-whisper': 'ctranslate2', whisperx: 'torch', peft: 'torch', 'torch-geometric': 'torch',
  magika: 'onnxruntime', 'rapidocr-onnxruntime': 'onnxruntime', fastembed: 'onnxruntime', chromadb: 'onnxruntime',
  'tf-keras': 'tensorflow', 'unstructured-inference': 'onnxruntime',
};

/** Why pip on Alpine cannot install `name`, or null when nothing is known against it. */
export function muslBlocker(name: string): string | null {
  const n = normalizeName(name);
  if (MANYLINUX_ONLY[n]) return MANYLINUX_ONLY[n]!;
  if (n.startsWith('nvidia-')) return 'is a CUDA library with manylinux wheels only';
  const dep = NEEDS[n];
  return dep ? `needs ${dep}, which ${MANYLINUX_ONLY[dep]}` : null;
}

export function isManylinuxOnly(name: string): boolean {
  const n = normalizeName(name);
  return n in MANYLINUX_ONLY || n.startsWith('nvidia-');
}
