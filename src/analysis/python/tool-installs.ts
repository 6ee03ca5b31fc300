// The commands that install Python's dependency installers themselves (pip install poetry, pipx install pipenv,
// `curl … astral.sh/uv/install.sh | sh`, the Miniconda installer, apt's python3-poetry, `COPY --from=ghcr.io/
// astral-sh/uv …`), and the commands that run an installer without installing dependencies (poetry config,
// conda clean, uv venv …): a builder runs them all, a final stage that copies the installed tree needs none.
import { parseImageRef, type Instruction } from '../../dockerfile/index.js';
import type { RunCommand } from '../shell/run-script.js';
import { aptInstallPackages, type SimpleCommand } from '../shell/shell.js';
import { pipInstallIndex } from './pip.js';
import { requirementName } from './requirements.js';

export type Tool = 'uv' | 'poetry' | 'pipenv' | 'pipx' | 'virtualenv' | 'conda' | 'micromamba';

export interface ToolInstall {
  instr: Instruction;
  /** The command in its RUN; null for a COPY or ADD. */
  cmd: SimpleCommand | null;
  tool: Tool;
  how: 'pip' | 'pipx' | 'apt' | 'installer' | 'copy';
  /** The conda installer's root prefix (`-p DIR`), as written. */
  root?: string;
}

/** Distributions that are installers (pip install poetry …). */
const TOOL_DISTS: Record<string, Tool> = { poetry: 'poetry', pipenv: 'pipenv', uv: 'uv', pipx: 'pipx', virtualenv: 'virtualenv' };
/** Debian packages of the installers. */
const TOOL_DEBS: Record<string, Tool> = {
  'python3-poetry': 'poetry', pipenv: 'pipenv', pipx: 'pipx', 'python3-virtualenv': 'virtualenv', virtualenv: 'virtualenv', micromamba: 'micromamba',
};
/** Installer scripts by URL (curl/wget) or by file name (sh FILE). */
const INSTALLER_URLS: [RegExp, Tool][] = [
  [/astral\.sh\/uv\b|\buv-installer\b/, 'uv'],
  [/install\.python-poetry\.org|\binstall-poetry\.py\b/, 'poetry'],
  [/micro\.mamba\.pm|\bmicromamba\b/, 'micromamba'],
  [/\b(Mini|Ana)conda3?[-\w.]*\.sh\b|\bMini(forge|conda)\w*[-\w.]*\.sh\b|\bMambaforge[-\w.]*\.sh\b|\/(mini|ana)conda3?\.sh\b|miniforge\.sh|mambaforge\.sh/i, 'conda'],
];
/** Installer subcommands that change no dependency tree: what a builder runs and a final stage never needs. */
const CONFIG_SUBCOMMANDS: Record<string, Set<string>> = {
  poetry: new Set(['config', 'self', 'lock', 'check', 'env', 'source', 'export', 'debug', 'cache']),
  pipenv: new Set(['lock', 'requirements', 'clean', 'check', 'verify', '--python', '--three', '--venv', '--where']),
  uv: new Set(['venv', 'python', 'cache', 'lock', 'export', 'self', 'tool', 'version', '--version']),
  conda: new Set(['clean', 'config', 'init', 'info', 'list', 'update', 'upgrade', 'activate', 'deactivate', 'shell', 'env']),
  pip: new Set(['config', 'cache', 'download', 'wheel', 'freeze', 'list', 'show', 'check', 'uninstall', '--version', '-V']),
};

/**
 * The tool a RUN command installs; null when it installs none. `prev` is the command before it in its RUN, `fetched`
 * the installer scripts earlier commands downloaded (`curl -o FILE URL`), by file; this command's download is added.
 */
export function toolInstalled(cmd: RunCommand | SimpleCommand, prev: RunCommand | null, fetched: Map<string, Tool>): Pick<ToolInstall, 'tool' | 'how' | 'root'> | null {
  const w = cmd.words;
  const pipAt = pipInstallIndex(cmd);
  if (pipAt !== -1) {
    const tools = pipTargets(w.slice(pipAt + 1)).map((t) => (t === null ? undefined : TOOL_DISTS[t.replace(/^poetry-plugin-.*$/, 'poetry')]));
    return tools.length > 0 && tools.every((t) => t !== undefined) ? { tool: tools[0]!, how: 'pip' } : null;
  }
  if (cmd.name === 'pipx' && w[1] === 'install' && w[2] && TOOL_DISTS[requirementName(w[2]) ?? '']) return { tool: TOOL_DISTS[requirementName(w[2])!]!, how: 'pipx' };
  const debs = aptInstallPackages(cmd).map((p) => TOOL_DEBS[p]).filter((t): t is Tool => t !== undefined);
  if (debs.length > 0) return { tool: debs[0]!, how: 'apt' };
  if (cmd.name === 'curl' || cmd.name === 'wget') {
    const tool = installerTool(w.slice(1).join(' '));
    const file = w.find((x, i) => /^(-[a-zA-Z]*[oO]|--output|--output-document)$/.test(w[i - 1] ?? '') && x !== '-')
      ?? w.find((x) => /^-[a-zA-Z]*[oO].+/.test(x))?.replace(/^-[a-zA-Z]*?[oO]/, '');
    if (tool && file) fetched.set(file, tool);
    return tool ? { tool, how: 'installer' } : null;
  }
  if (/^(sh|bash|dash|python3?)$/.test(cmd.name)) {
    const script = w.slice(1).find((x) => !x.startsWith('-'));
    const piped = prev !== null && prev.op === '|' && (prev.name === 'curl' || prev.name === 'wget') ? installerTool(prev.words.join(' ')) : null;
    const tool = piped ?? (script !== undefined ? fetched.get(script) ?? installerTool(script) : null);
    if (!tool) return null;
    const p = w.indexOf('-p');
    return tool === 'conda' && p !== -1 && w[p + 1] ? { tool, how: 'installer', root: w[p + 1] } : { tool, how: 'installer' };
  }
  return null;
}

/** A COPY/ADD that brings an installer in: `COPY --from=ghcr.io/astral-sh/uv … /bin/`, `ADD https://astral.sh/uv/install.sh …`. */
export function toolCopied(instr: Instruction, stageImage: (name: string) => string | null): Tool | null {
  if (instr.keyword !== 'COPY' && instr.keyword !== 'ADD') return null;
  const from = instr.flags.find((f) => f.name === 'from')?.value;
  if (from) {
    const ref = parseImageRef(stageImage(from) ?? from);
    if (ref.repository === 'astral-sh/uv') return 'uv';
    if (ref.repository === 'mambaorg/micromamba') return 'micromamba';
    return null;
  }
  return instr.keyword === 'ADD' ? installerTool(instr.args.slice(0, -1).join(' ')) : null;
}

/** True for an installer command that installs no dependencies: `poetry config …`, `conda clean -afy`, `uv venv`, `pip cache purge`. */
export function isInstallerHousekeeping(cmd: SimpleCommand): boolean {
  const w = cmd.words;
  if (/^(mamba|micromamba)$/.test(cmd.name)) return CONFIG_SUBCOMMANDS.conda!.has(w[1] ?? '') && !(w[1] === 'env' && /^(create|update)$/.test(w[2] ?? ''));
  if (cmd.name === 'conda') return CONFIG_SUBCOMMANDS.conda!.has(w[1] ?? '') && !(w[1] === 'env' && /^(create|update)$/.test(w[2] ?? ''));
  if (/^pip[\d.]*$/.test(cmd.name)) return CONFIG_SUBCOMMANDS.pip!.has(w[1] ?? '');
  if (/^python[\d.]*$/.test(cmd.name) && w[1] === '-m') return (w[2] === 'pip' && CONFIG_SUBCOMMANDS.pip!.has(w[3] ?? '')) || w[2] === 'ensurepip';
  if (cmd.name === 'uv') return CONFIG_SUBCOMMANDS.uv!.has(w[1] ?? '') || (w[1] === 'pip' && /^(compile|freeze|list|show|check|uninstall)$/.test(w[2] ?? ''));
  if (cmd.name === 'pipx') return w[1] === 'ensurepath';
  return (cmd.name === 'poetry' || cmd.name === 'pipenv') && CONFIG_SUBCOMMANDS[cmd.name]!.has(w[1] ?? '');
}

/** The installer a URL or script name fetches or runs, or null. */
function installerTool(text: string): Tool | null {
  return INSTALLER_URLS.find(([re]) => re.test(text))?.[1] ?? null;
}

/** The requirement names of pip install arguments (null for paths, URLs and -r files); options and their values skipped. */
function pipTargets(args: string[]): (string | null)[] {
  const out: (string | null)[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (/^(-r|--requirement|-c|--constraint|-e|--editable)$/.test(a) || /^-[rce]./.test(a) || /^--(requirement|editable)=/.test(a)) return [null];
    if (/^(-i|--index-url|--extra-index-url|-f|--find-links|--trusted-host|-t|--target|--prefix|--root|--python|--cache-dir)$/.test(a)) i++;
    else if (!a.startsWith('-')) out.push(requirementName(a));
  }
  return out;
}
