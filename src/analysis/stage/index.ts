// Stage facts: COPY sources from the context, ENV/USER/WORKDIR in effect, how a stage splits into builder and final.
// stage-tools.ts is imported directly while its RUN-script reading joins analysis/shell's (issue 12 item 2).
export { copyDest, copyEntries, copySources, fromContext, isWholeContext, matchSource, type CopyEntry } from './copy-sources.js';
export { BASE_WORKDIR, chainBefore, envSetting, joinPath, userAt, workdirAt } from './stage-env.js';
export { copiesOnlyRequirements, isInstallCommand, splitStage, type RunSplit, type StageSplit } from './stage-split.js';
