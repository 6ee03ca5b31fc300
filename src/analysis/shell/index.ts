// Shell in RUN scripts: the one reader (a command tree per script part, exec form and CMD/HEALTHCHECK read-only),
// edits inside a command and edits that add or remove whole commands keeping the structure, variables holding
// lists, globs, what a RUN makes and deletes, what an rm removes.
export { globMatch } from './glob.js';
export { deletedFrom, madeBy } from './run-deletes.js';
export { removesPath, rmTargets } from './rm.js';
export { aptInstallRun, commandText, deleteTidy, removeArgs, replaceHead, shellQuote } from './script-edit.js';
export { appendCommand, insertBefore, isTrivialCommand, removeCommands, runWithOnly, type Edited } from './structure-edit.js';
export { expandWord } from './script-vars.js';
export { instructionCommands, runScript, type RunCommand, type RunScript, type ScriptPart } from './run-script.js';
export { readScript, simpleCommands, type LocatedCommand, type ReadScript, type Scope, type SimpleCommand } from './shell.js';
export { parseScript, type CompoundNode, type ShellList } from './tree.js';
