// Debian's adduser/addgroup (Perl, long options) → busybox's (short options) on Alpine. Every option maps or the
// command is reported as untranslatable; `--system --group NAME` (a system user with a group of its own) becomes
// `addgroup -S NAME && adduser -S … -G NAME NAME`. useradd/groupadd need no translation: shadow provides them.
import type { TextEdit } from '../../dockerfile/index.js';
import { offsetAfter, offsetAt, type RunCommand } from '../../analysis/shell/run-script.js';
import { shellQuote } from '../../analysis/shell/script-edit.js';
import { isRedirection, withoutRedirections } from '../../analysis/shell/shell.js';

/** adduser long option → busybox flags; the ones marked `value` take the next word. */
const ADDUSER: Record<string, { to: string; value?: true }> = {
  '--home': { to: '-h', value: true }, '--shell': { to: '-s', value: true }, '--uid': { to: '-u', value: true },
  '--gecos': { to: '-g', value: true }, '--comment': { to: '-g', value: true }, '--ingroup': { to: '-G', value: true },
  '--disabled-password': { to: '-D' }, '--disabled-login': { to: '-D' }, '--no-create-home': { to: '-H' },
  '--quiet': { to: '' }, '-q': { to: '' }, '--force-badname': { to: '' }, '--allow-bad-names': { to: '' },
};
const ADDGROUP: Record<string, { to: string; value?: true }> = {
  '--system': { to: '-S' }, '--gid': { to: '-g', value: true }, '--quiet': { to: '' }, '-q': { to: '' },
  '--force-badname': { to: '' }, '--allow-bad-names': { to: '' },
};

export type UserEdit = { edit: TextEdit | null } | { why: string };

/** The busybox form of an adduser/addgroup command (edit null when it needs none), or why there is none. */
export function translateUserCommand(cmd: RunCommand): UserEdit {
  const args = withoutRedirections(cmd.at.slice(1)).map((w) => w.text);
  if (args.some((a) => /[$`]/.test(a))) return { why: `${cmd.name} with options from variables` };
  if (!args.some((a) => a.startsWith('-'))) return { edit: null };
  const parsed = cmd.name === 'adduser' ? adduser(args) : group(args);
  if ('why' in parsed) return parsed;
  const redirect = cmd.at.findIndex((w) => isRedirection(w.text));
  if (redirect !== -1 && withoutRedirections(cmd.at.slice(redirect)).length > 0) return { why: `${cmd.name} with a redirection among its arguments` };
  const end = cmd.at[(redirect === -1 ? cmd.at.length : redirect) - 1]!.end;
  return { edit: { start: offsetAt(cmd.part, cmd.at[0]!.start), end: offsetAfter(cmd.part, end), newText: parsed.text } };
}

function adduser(args: string[]): { text: string } | { why: string } {
  const flags: string[] = [];
  const names: string[] = [];
  let system = false;
  let ownGroup = false;
  let home = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (!a.startsWith('-')) {
      names.push(a);
      continue;
    }
    const [opt, inline] = a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, null];
    if (opt === '--system') system = true;
    else if (opt === '--group') ownGroup = true;
    else {
      const m = ADDUSER[opt];
      if (!m) return { why: `adduser ${opt}, which busybox's adduser lacks` };
      const value = m.value ? inline ?? args[++i] : null;
      if (m.value && value === undefined) return { why: `adduser ${opt} without a value` };
      if (opt === '--home') home = true;
      if (m.to) flags.push(value === null || value === undefined ? m.to : `${m.to} ${shellQuote(value)}`);
    }
  }
  if (names.length !== 1) return { why: names.length === 0 ? 'adduser without a user name' : 'adduser USER GROUP with options' };
  const user = shellQuote(names[0]!);
  // Debian's `adduser --system` gives no password and, unless --home is given, no home directory.
  if (system) flags.unshift('-S', '-D', ...(home || flags.includes('-H') ? [] : ['-H']));
  if (ownGroup) {
    if (!system) return { why: 'adduser --group without --system' };
    if (flags.some((f) => f.startsWith('-G '))) return { why: 'adduser --group with --ingroup' };
    return { text: `addgroup -S ${user} && adduser ${[...unique(flags), '-G', user].join(' ')} ${user}` };
  }
  return { text: `adduser ${unique(flags).join(' ')} ${user}` };
}

function group(args: string[]): { text: string } | { why: string } {
  const flags: string[] = [];
  const names: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (!a.startsWith('-')) {
      names.push(a);
      continue;
    }
    const [opt, inline] = a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, null];
    const m = ADDGROUP[opt];
    if (!m) return { why: `addgroup ${opt}, which busybox's addgroup lacks` };
    const value = m.value ? inline ?? args[++i] : null;
    if (m.value && value === undefined) return { why: `addgroup ${opt} without a value` };
    if (m.to) flags.push(value === null || value === undefined ? m.to : `${m.to} ${shellQuote(value)}`);
  }
  if (names.length !== 1) return { why: 'addgroup with options and other than one group name' };
  return { text: `addgroup ${[...unique(flags), shellQuote(names[0]!)].join(' ')}` };
}

function unique(flags: string[]): string[] {
  return [...new Set(flags)];
}
