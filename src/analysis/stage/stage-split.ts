// How a stage splits into a builder (its installs) and a final stage (what runs the app): which RUNs install
// (apt, pip, venv), which commands only set up users and directories, where the last install is, which
// COPYs only feed the installs, and the venv a stage already makes.
import type { DockerfileModel, Instruction, Stage } from '../../dockerfile/index.js';
import { removesLists } from '../packages/apt.js';
import { pipInstallIndex } from '../python/pip.js';
import { instructionCommands, runScript, type RunCommand, type RunScript } from '../shell/run-script.js';
import type { SimpleCommand } from '../shell/shell.js';
import { copySources } from './copy-sources.js';
import { joinPath, workdirAt } from './stage-env.js';

/** Commands that create users, groups, directories and links: cheap, tool-free, and needed by the final stage too. */
const SETUP = new Set(['useradd', 'adduser', 'groupadd', 'addgroup', 'usermod', 'mkdir', 'chown', 'chmod', 'ln', 'touch', 'true', 'id']);
const REQUIREMENT_FILE = /(^|\/)(requirements|constraints)[^/]*\.(txt|in)$/;

export interface RunSplit {
  instr: Instruction;
  script: RunScript | null;
  /** The RUN has an apt/pip/venv command. */
  installs: boolean;
  /** Its commands that only set up users/directories. */
  setup: RunCommand[];
  /** Its commands that are neither installs nor setup. */
  other: RunCommand[];
}

export interface StageSplit {
  runs: RunSplit[];
  /** Index in stage.instructions of the last RUN that installs; -1 when none does. */
  lastInstall: number;
  /** Index of the first RUN with a pip install; -1 when none. */
  firstPip: number;
  /** Lines of exec-form RUNs that install (left alone). */
  execInstalls: number[];
  /** The venv the stage creates (`python -m venv /opt/venv`), as an absolute path, when it creates one; undefined if the path is unknown. */
  venv: string | null | undefined;
}

export function isInstallCommand(cmd: SimpleCommand): boolean {
  if (/^(apt-get|apt|aptitude|apt-mark|apt-key|dpkg)$/.test(cmd.name) || removesLists(cmd)) return true;
  if (/^pip[\d.]*$/.test(cmd.name) || cmd.name === 'uv' || cmd.name === 'virtualenv') return true;
  if (/^python[\d.]*$/.test(cmd.name) && cmd.words[1] === '-m' && ['pip', 'venv', 'ensurepip'].includes(cmd.words[2] ?? '')) return true;
  return cmd.name === 'rm' && cmd.words.slice(1).filter((w) => !w.startsWith('-')).every((w) => /^(\/root|~)\/\.cache/.test(w));
}

export function splitStage(model: DockerfileModel, stage: Stage): StageSplit {
  const split: StageSplit = { runs: [], lastInstall: -1, firstPip: -1, execInstalls: [], venv: null };
  stage.instructions.forEach((instr, index) => {
    if (instr.keyword !== 'RUN') return;
    const script = runScript(model, instr);
    if (!script) {
      if (instructionCommands(model, instr).some((c) => isInstallCommand(c) && c.words.includes('install'))) split.execInstalls.push(instr.line);
      split.runs.push({ instr, script: null, installs: false, setup: [], other: [] });
      return;
    }
    const installs = script.commands.filter(isInstallCommand);
    const rest = script.commands.filter((c) => !installs.includes(c));
    const run: RunSplit = { instr, script, installs: installs.length > 0, setup: rest.filter((c) => SETUP.has(c.name)), other: rest.filter((c) => !SETUP.has(c.name)) };
    split.runs.push(run);
    if (run.installs) split.lastInstall = index;
    if (split.firstPip === -1 && script.commands.some((c) => pipInstallIndex(c) !== -1)) split.firstPip = index;
    for (const c of script.commands) {
      const venv = venvPath(c);
      if (venv !== null) split.venv = venv.includes('$') ? undefined : absolute(model, instr, venv);
    }
  });
  return split;
}

/** The directory a venv-making command creates (`python -m venv [opts] DIR`, `virtualenv DIR`, `uv venv DIR`), or null. */
function venvPath(cmd: RunCommand): string | null {
  const w = cmd.words;
  let at = -1;
  if (/^python[\d.]*$/.test(cmd.name) && w[1] === '-m' && (w[2] === 'venv' || w[2] === 'virtualenv')) at = 3;
  else if (cmd.name === 'virtualenv') at = 1;
  else if (cmd.name === 'uv' && w[1] === 'venv') at = 2;
  if (at === -1) return null;
  const dirs = w.slice(at).filter((x) => !x.startsWith('-'));
  return dirs[dirs.length - 1] ?? (cmd.name === 'uv' ? '.venv' : null);
}

function absolute(model: DockerfileModel, instr: Instruction, path: string): string | undefined {
  if (path.startsWith('/')) return joinPath('/', path);
  const wd = workdirAt(model, instr);
  return wd === null || wd.startsWith('/<') ? undefined : joinPath(wd, path);
}

/** True for a COPY/ADD from the context whose every source is a requirements or constraints file. */
export function copiesOnlyRequirements(instr: Instruction): boolean {
  if ((instr.keyword !== 'COPY' && instr.keyword !== 'ADD') || instr.flags.some((f) => f.name === 'from')) return false;
  const sources = copySources(instr);
  return sources.length > 0 && sources.every((s) => REQUIREMENT_FILE.test(s));
}
