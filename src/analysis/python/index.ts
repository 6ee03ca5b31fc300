// Python installs: pip/uv/poetry/pipenv arguments, requirements files and every other manifest (what the image installs,
// declaration by declaration), what the image runs and imports, package facts, the import analysis's output.
export { commandDistributions, distributionsInUse, moduleDistributions } from './command-distributions.js';
export { buildStepImports, commandsRun, pythonImports, scriptPath, type CommandRun } from './commands-run.js';
export { declaredDistributions, manifestInstalls, type InstallTool, type ManifestInstall } from './declared.js';
export { depInstalls, pipReadsApp, type DepInstall } from './dep-installs.js';
export { ANALYZE_IMPORTS_SCRIPT, appSourcePaths, parseImportAnalysis } from './import-analysis.js';
export { pipInstalls, requirementFileClosure, type PipInstall } from './pip-args.js';
export { isDevGroup, manifestDeps, type Declared } from './manifest-deps.js';
export { lines, pipInstallIndex, pipRuns, removeWord } from './pip.js';
export { cacheDir, describeCacheOff, hasPipCacheMount, isNoCacheOption, pipCacheOff, uvInstallLines, type PipCacheOff } from './pip-cache.js';
export {
  TORCH_PACKAGES, debPackageOf, isDevDeb, isDevTool, isManylinuxOnly, isPythonLibDeb, isTorchAndCo, isTorchAndCoDeb,
} from './python-packages.js';
export { normalizeName, readRequirements, removeLines, type RequirementLine } from './requirements.js';
export { splitPackages, type PackageSplit } from './runtime-packages.js';
