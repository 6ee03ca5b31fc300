// Python installs: pip/uv/poetry/pipenv arguments, requirements files, package facts, the import analysis's output.
export { depInstalls, pipReadsApp, type DepInstall } from './dep-installs.js';
export { ANALYZE_IMPORTS_SCRIPT, appSourcePaths, parseImportAnalysis } from './import-analysis.js';
export { pipInstalls, requirementFileClosure, type PipInstall } from './pip-args.js';
export { lines, pipInstallIndex, pipRuns, removeWord } from './pip.js';
export { cacheDir, describeCacheOff, hasPipCacheMount, isNoCacheOption, pipCacheOff, uvInstallLines, type PipCacheOff } from './pip-cache.js';
export {
  TORCH_PACKAGES, debPackageOf, isDevDeb, isDevTool, isManylinuxOnly, isPythonLibDeb, isTorchAndCo, isTorchAndCoDeb,
} from './python-packages.js';
export { normalizeName, readRequirements, removeLines, type RequirementLine } from './requirements.js';
export { splitPackages, type PackageSplit } from './runtime-packages.js';
