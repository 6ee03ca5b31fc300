// apt-get/apt commands inside RUN scripts: the subcommand, the packages (with positions), and the options
// that answer yes or drop recommends.
import type { DockerfileModel, Instruction } from '../../dockerfile/index.js';
import { mounts, runScript, type RunCommand, type RunScript } from '../shell/run-script.js';
import { withoutRedirections, type ShellWord } from '../shell/shell.js';
import { removesPath, rmTargets } from '../shell/rm.js';

const APT = new Set(['apt-get', 'apt', 'aptitude']);
const LISTS = '/var/lib/apt/lists';
/** Options that take the next word as their value when written without `=`. */
const WITH_VALUE = new Set(['-o', '-c', '-t', '--option', '--config-file', '--target-release', '--default-release']);
/** Subcommands that read the package lists `apt-get update` fetched. */
const READS_LISTS = new Set(['install', 'reinstall', 'upgrade', 'dist-upgrade', 'full-upgrade', 'build-dep', 'source', 'download', 'satisfy']);

export interface AptCommand {
  cmd: RunCommand;
  /** The subcommand word (install, update …). */
  sub: ShellWord;
  /** The package arguments (versions and architectures as written). */
  packages: ShellWord[];
  options: string[];
  /** The last of the options written right after the subcommand (`install -y -q`), or the subcommand: new options go after it. */
  optionsEnd: ShellWord;
}

/** Reads an apt-get/apt/aptitude command; null for other commands or one without a subcommand. */
export function aptCommand(cmd: RunCommand): AptCommand | null {
  if (!APT.has(cmd.name)) return null;
  const args = withoutRedirections(cmd.at.slice(1));
  const options: string[] = [];
  const packages: ShellWord[] = [];
  let sub: ShellWord | null = null;
  let optionsEnd: ShellWord | null = null;
  for (let i = 0; i < args.length; i++) {
    const w = args[i]!;
    if (w.text.startsWith('-')) {
      options.push(w.text);
      if (WITH_VALUE.has(w.text) && args[i + 1]) options.push(args[++i]!.text);
      if (sub !== null && packages.length === 0) optionsEnd = args[i]!;
    } else if (sub === null) sub = w;
    else packages.push(w);
  }
  return sub ? { cmd, sub, packages, options, optionsEnd: optionsEnd ?? sub } : null;
}

/** The package name of an install argument: `curl=7.88*` → curl, `libc6:amd64` → libc6. */
export function packageName(word: string): string {
  return word.replace(/[=:].*$/, '');
}

export function answersYes(a: AptCommand): boolean {
  return a.options.some((o) => /^-(y|-yes|-assume-yes|-force-yes)$/.test(o) || /^-[a-z]*y[a-z]*$/i.test(o) || /^-[a-z]*q[a-z]*q/i.test(o)
    || /APT::Get::Assume-Yes=(1|true|yes)$/i.test(o));
}

/**
 * Recommends off on the command line: true; wanted on purpose: 'wanted'. apt reads a boolean option case-insensitively
 * as `--install-recommends[=yes|no|true|false|with|without|enable|disable]` or with a sense word before its name
 * (`--no-install-recommends`, `--without-install-recommends` …), and `-o APT::Install-Recommends=…`.
 */
export function recommendsOff(a: AptCommand): boolean | 'wanted' {
  if (a.options.some((o) => OFF.test(o))) return true;
  if (a.options.some((o) => ON.test(o))) return 'wanted';
  return false;
}

const NO = '(no|false|without|disable|0|off)';
const YES = '(yes|true|with|enable|1|on)';
const OFF = new RegExp(`^--${NO}-install-recommends$|^--install-recommends=${NO}$|APT::Install-Recommends=${NO}$`, 'i');
const ON = new RegExp(`^--(${YES}-)?install-recommends$|^--install-recommends=${YES}$|APT::Install-Recommends=${YES}$`, 'i');

/** True when an apt.conf snippet written by an earlier RUN turns recommends off (`APT::Install-Recommends "0";`). */
export function recommendsOffByConfig(runs: Instruction[]): boolean {
  return runs.some((i) => i.keyword === 'RUN' && /APT::Install-Recommends\s*"?\s*(0|false|no)\b/i.test(i.raw));
}

export function isUpdate(a: AptCommand | null): boolean {
  return a !== null && a.sub.text === 'update';
}

export function readsLists(a: AptCommand | null, cmd: RunCommand): boolean {
  return (a !== null && READS_LISTS.has(a.sub.text)) || cmd.name === 'apt-cache';
}

/** True for an `rm` that removes the package lists (`/var/lib/apt/lists/*`, `/var/lib/apt/lists`, `/var/lib/apt`, `/var/lib/apt/*` …). */
export function removesLists(cmd: RunCommand): boolean {
  return rmTargets(cmd).some((t) => removesPath(t, LISTS));
}

/** True when the RUN mounts a cache over the package lists (removing them would empty the cache, and they are not in the layer). */
export function listsInCacheMount(instr: Instruction): boolean {
  return mounts(instr).some((m) => m.get('type') === 'cache' && /^\/var\/lib\/apt(\/lists)?\/?$/.test(m.get('target') ?? ''));
}

export interface AptRun {
  script: RunScript;
  /** apt commands of the RUN, in order, with their place among all of its commands. */
  apt: { a: AptCommand; index: number }[];
}

/** Every shell-form RUN with an apt command; `exec` lists exec-form RUNs that install with apt. */
export function aptRuns(model: DockerfileModel, instructions: Instruction[]): { runs: AptRun[]; exec: number[] } {
  const runs: AptRun[] = [];
  const exec: number[] = [];
  for (const instr of instructions) {
    if (instr.keyword !== 'RUN') continue;
    if (instr.jsonForm) {
      if (instr.args.some((a) => /(^|\/)apt(-get)?$/.test(a)) && instr.args.includes('install')) exec.push(instr.line);
      continue;
    }
    const script = runScript(model, instr)!;
    const apt = script.commands.flatMap((c, index) => {
      const a = aptCommand(c);
      return a ? [{ a, index }] : [];
    });
    if (apt.length > 0) runs.push({ script, apt });
  }
  return { runs, exec };
}
