// The only code that talks to Docker: buildx builds (execa), dockerode, the local registry, smoke containers.
export { requireEngine } from './availability.js';
export { buildImage, buildxInfo, dockerfileSteps } from './buildx.js';
export { engineInfo, imageHistory, inspectImage, pingEngine, removeRunObjects } from './docker.js';
export { readLayerEntries } from './layer-contents.js';
export { aptShowInImage } from './apt-metadata.js';
export { runPythonScript } from './python-script.js';
export { LOCAL_REGISTRY, pushForCompressedSize, registryAnswers } from './registry.js';
export { runSmoke } from './smoke.js';
export { zstdCompressedSize, type ZstdMethod, type ZstdSize } from './zstd-size.js';
export type {
  BuildFailureKind, BuildRequest, BuildResult, BuildxInfo, EngineInfo, HistoryEntry, ImageInfo, SmokeResult, SmokeSpec, StepTiming,
} from './types.js';
