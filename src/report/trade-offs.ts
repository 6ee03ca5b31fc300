// What each remedy costs by its nature, whatever the project: shown beside the measured numbers so a
// saving is never read without its price. Project-specific costs come from the rules' notes.

export const TRADE_OFFS: Record<string, string> = {
  'base-slim': 'the slim base lacks the compilers, headers and many libraries of the full image',
  'base-alpine': 'musl libc: manylinux wheels (torch among them) do not install, and apk package names differ from apt\'s',
  'base-distroless': 'no shell and no package manager in the image: no RUN after it, no `docker exec sh` for debugging',
  'multi-stage': 'a longer Dockerfile; build tools exist in the builder stage only',
  'pip-no-cache': 'nothing at run time; pip downloads every package again on each rebuild of that step',
  'pip-cache-mount': 'needs BuildKit (RUN --mount); the cache lives on the build machine, so CI gains only if it keeps it',
  'apt-hygiene': 'recommended packages are no longer installed; software that relied on one may miss it',
  'prune-requirements': 'dependencies loaded dynamically (plugins, entry points) are dropped too; keep them with prune.keep',
  'torch-cpu': 'no CUDA: the image cannot run on a GPU',
  'onnx-runtime': 'needs the export step (onnx.export in dflab.yaml), and the app must read the backend variable (onnx.env, e.g. MODEL_BACKEND) and load the ONNX model',
  dockerignore: 'files that .dockerignore lists are no longer in the build context, for any COPY',
  'layer-order': 'the Dockerfile names the dependency manifests explicitly; a new one must be added to that COPY',
  'merge-runs': 'fewer cache points: a change in any merged command re-runs all of them',
};
