// Which Python installer a command is a dependency install of: what install-trees.ts and conda.ts read further,
// and what the cold-time model (predict/cold.ts) tells apart — pip names its packages, the others a lock file or
// an environment file does.
import type { SimpleCommand } from '../shell/shell.js';
import type { Installer } from './install-types.js';
import { pipInstallIndex } from './pip.js';

/** pip install, uv sync / uv pip install|sync, poetry install|sync|add, pipenv install|sync, conda|mamba|micromamba
 *  install|create|env create|env update; null for anything else. */
export function installerOf(cmd: SimpleCommand): Installer | null {
  const [, sub, subsub] = cmd.words;
  if (pipInstallIndex(cmd) !== -1) return 'pip';
  if (cmd.name === 'uv' && (sub === 'sync' || (sub === 'pip' && (subsub === 'install' || subsub === 'sync')))) return 'uv';
  if (cmd.name === 'poetry' && /^(install|sync|add)$/.test(sub ?? '')) return 'poetry';
  if (cmd.name === 'pipenv' && (sub === 'install' || sub === 'sync')) return 'pipenv';
  if (/^(conda|mamba|micromamba)$/.test(cmd.name) && (sub === 'install' || sub === 'create' || (sub === 'env' && /^(create|update)$/.test(subsub ?? '')))) return 'conda';
  return null;
}
