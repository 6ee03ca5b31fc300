// Shell in RUN scripts: commands and their place in the text, edits to them, globs, what a RUN makes and deletes,
// what an rm removes.
// run-script.ts and shell.ts are imported directly while their RUN-script reading becomes one (issue 12 item 2).
export { globMatch } from './glob.js';
export { deletedFrom, madeBy } from './run-deletes.js';
export { removesPath, rmTargets } from './rm.js';
export { aptInstallRun, commandText, deleteTidy, removeArgs, removeCommands, replaceHead, shellQuote } from './script-edit.js';
