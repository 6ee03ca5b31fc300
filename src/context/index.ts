// The project on disk: load it into plain data (with the manifests and scripts the build names: wanted-files.ts), stage
// per-variant build contexts, choose the warm-rebuild edit.
export { loadProject, OUTPUT_DIR_NAME, type LoadedProject } from './project.js';
export { stageContext } from './stage.js';
export { chooseWarmEditPath, warmEditText } from './warm-edit.js';
export { contextFileSizes } from './sizes.js';
export { defaultWheelDir, localPackageIndex } from './package-index.js';
