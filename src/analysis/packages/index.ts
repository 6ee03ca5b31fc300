// OS and Python packages as they bear on the base: apt-get commands and their options, the recommends a builder's
// build needs, Debian → Alpine package names, the Python distributions a stage's installs name, which of them musl
// cannot install, and what a stage takes from glibc stages.
export { apkNames } from './apk-names.js';
export {
  answersYes, aptCommand, aptRuns, isUpdate, listsInCacheMount, packageName, readsLists, recommendsOff, recommendsOffByConfig,
  removesLists, type AptCommand, type AptRun,
} from './apt.js';
export { expandEnv, glibcTrees, isGlibc, stageTakes, type GlibcTree, type StageTake } from './glibc-copies.js';
export { isManylinuxOnly, muslBlocker } from './musl-wheels.js';
export { stagePythonDeps, type DeclaredDep } from './python-deps.js';
export { recommendsNeeded } from './recommends.js';
