// OS packages in RUN scripts: apt-get commands and their options, the recommends a builder's build needs, and Debian →
// Alpine package names.
export { apkNames } from './apk-names.js';
export {
  answersYes, aptCommand, aptRuns, isUpdate, listsInCacheMount, packageName, readsLists, recommendsOff, recommendsOffByConfig,
  removesLists, type AptCommand, type AptRun,
} from './apt.js';
export { recommendsNeeded } from './recommends.js';
