// Edits that add or remove whole commands of a RUN while keeping its shell structure, read from the command tree:
// a removal takes a command with the operator that joins it inside its own and-or list or list, never across a
// clause boundary (`; else`, `;;`, `done`, `fi`, `)`); a branch left without commands gets `true`; a new command
// goes before a command only where it runs exactly when that command runs (first in its and-or list or after
// `&&`, not inside a pipeline, a condition or a substitution), and a cleanup goes after the whole script. Where
// that cannot be done the edit is refused with the reason, and the rule leaves the RUN alone.
import { applyEdits, type DockerfileModel, type TextEdit } from '../../dockerfile/index.js';
import { deleteTidy } from './script-edit.js';
import { offsetAfter, offsetAt, type RunCommand, type RunScript, type ScriptPart } from './run-script.js';
import type { AndOr, CommandNode, Pipeline, ShellList, SimpleNode } from './tree.js';

export type Edited = { ok: true; edits: TextEdit[] } | { ok: false; why: string };

class Refusal extends Error {}

type Bound = 'at' | 'after';

const TRIVIAL = new Set(['true', ':']);

/** `true` and `:`: commands that do nothing, left alone or dropped with the RUN they are the last of. */
export function isTrivialCommand(c: RunCommand): boolean {
  return TRIVIAL.has(c.name);
}

/** Edits that remove `drop` from the RUN; the whole instruction when nothing else is left. */
export function removeCommands(model: DockerfileModel, script: RunScript, drop: RunCommand[]): Edited {
  if (drop.length === 0) return { ok: true, edits: [] };
  const gone = new Set(drop);
  // Nothing but `true` left (`pip install x || true`): the RUN goes.
  if (script.commands.every((c) => gone.has(c) || TRIVIAL.has(c.name))) return { ok: true, edits: [deleteTidy(model, script.instr)] };
  const where = `the RUN on line ${script.instr.line}`;
  if (script.error) return { ok: false, why: `${where} is not a shell script dflab can read (${script.error.replace(/^line \d+: /, '')})` };
  const inSubst = drop.find((c) => c.scopes!.some((s) => s.kind === 'substitution'));
  if (inSubst) return { ok: false, why: `${where} runs \`${inSubst.name}\` inside a command substitution` };
  const edits: TextEdit[] = [];
  try {
    for (const part of script.parts) {
      const nodes = new Set(drop.filter((c) => c.part === part).map((c) => c.node));
      if (nodes.size === 0) continue;
      const r = new Remover(model, part, nodes, where);
      if (r.list(part.tree!, 'script') === 'empty') throw new Refusal(`${where} would keep a script with no command`);
      edits.push(...r.edits);
    }
  } catch (e) {
    if (e instanceof Refusal) return { ok: false, why: e.message };
    throw e;
  }
  return { ok: true, edits };
}

class Remover {
  readonly edits: TextEdit[] = [];

  constructor(private readonly model: DockerfileModel, private readonly part: ScriptPart, private readonly gone: Set<SimpleNode>, private readonly where: string) {}

  /** Removes what goes from a list; 'empty' when every item went (a body then gets `true` instead). */
  list(list: ShellList, role: string): 'kept' | 'empty' {
    const goneItems = list.items.map((item) => this.item(item));
    if (!goneItems.some(Boolean)) return 'kept';
    if (goneItems.every(Boolean)) {
      if (role !== 'body') return 'empty';
      this.replace(list.items[0]!.start, 'at', list.items[list.items.length - 1]!.end, 'true');
      return 'kept';
    }
    this.runs(list.items, goneItems, (first, last, prev, next) => {
      if (next) this.remove(first.start, 'at', next.start, 'at');
      else {
        if (last.sep?.text === '&') throw new Refusal(`${this.where} would leave \`&\` behind a kept command`);
        this.remove(this.afterMarkers(prev!.end, first.start), 'after', last.end, 'after');
      }
    });
    return 'kept';
  }

  private item(item: AndOr): boolean {
    const gone = item.pipelines.map((p) => this.pipeline(p));
    if (!gone.some(Boolean)) return false;
    if (gone.every(Boolean)) return true;
    const orJoined = gone.some((g, k) => g && (item.ops[k - 1]?.text === '||' || item.ops[k]?.text === '||'));
    if (orJoined) {
      const kept = item.pipelines.filter((_p, k) => !gone[k]);
      if (kept.every((p) => p.commands.length === 1 && p.commands[0]!.kind === 'simple' && TRIVIAL.has(p.commands[0]!.words[0]?.text ?? ''))) return true;
      throw new Refusal(`${this.where} joins a command it would remove to others with ||`);
    }
    this.runs(item.pipelines, gone, (first, last, prev, next) => {
      if (next) this.remove(first.start, 'at', next.start, 'at');
      else this.remove(this.afterMarkers(prev!.end, first.start), 'after', last.end, 'after');
    });
    return false;
  }

  private pipeline(p: Pipeline): boolean {
    // A pipeline goes whole (`echo x | chpasswd`), or keeps every command: half a pipe would feed another command.
    if (p.commands.every((n) => this.allGone(n))) {
      if (p.bang) throw new Refusal(`${this.where} negates a command it would remove (!)`);
      return true;
    }
    for (const node of p.commands) {
      if (node.kind === 'simple') {
        if (this.gone.has(node)) throw new Refusal(`${this.where} pipes \`${node.words.map((w) => w.text).join(' ')}\` into a command it keeps`);
        continue;
      }
      for (const c of node.clauses) {
        if (this.list(c.list, c.role) === 'empty') throw new Refusal(`${this.where} would leave the ${c.opener} condition of a${node.kind === 'if' ? 'n' : ''} ${node.kind} with no command`);
      }
    }
    return false;
  }

  /** True when every command of the node goes (a construct whose every command, tests included, goes with it). */
  private allGone(node: CommandNode): boolean {
    if (node.kind === 'simple') return this.gone.has(node);
    return node.clauses.every((c) => c.list.items.every((i) => i.pipelines.every((p) => p.commands.every((n) => this.allGone(n)))));
  }

  /** Calls `remove` for each run of consecutive gone entries with the kept neighbours around it. */
  private runs<T>(entries: T[], gone: boolean[], remove: (first: T, last: T, prev: T | undefined, next: T | undefined) => void): void {
    for (let i = 0; i < entries.length; i++) {
      if (!gone[i]) continue;
      let j = i;
      while (j + 1 < entries.length && gone[j + 1]) j++;
      remove(entries[i]!, entries[j]!, entries[i - 1], entries[j + 1]);
      i = j;
    }
  }

  private remove(start: number, startIs: Bound, end: number, endIs: Bound): void {
    this.edits.push({ start: this.offset(start, startIs), end: this.offset(end, endIs), newText: '' });
  }

  /** Replaces from a token's start to a token's end. */
  private replace(start: number, _startIs: 'at', end: number, newText: string): void {
    this.edits.push({ start: this.offset(start, 'at'), end: this.offset(end, 'after'), newText });
  }

  /** File offset of a script index where a token starts ('at') or just after one ends ('after'). */
  private offset(i: number, is: Bound): number {
    return is === 'at' ? offsetAt(this.part, i) : offsetAfter(this.part, i);
  }

  /** Script index after the blanked heredoc markers (`<<EOF`, kept with the command before them) in [from, to). */
  private afterMarkers(from: number, to: number): number {
    let at = from;
    for (let i = from; i < to; i++) if (/\s/.test(this.part.text[i]!) && !/\s/.test(this.model.text[this.part.offsets[i]!]!)) at = i + 1;
    return at;
  }
}

/**
 * `text && ` before `cmd`, or (`scope` 'script') before the top-level command of its script part that holds it, so
 * it runs on every path that reaches `cmd` (a venv made before an if whose branches pip-install).
 */
export function insertBefore(script: RunScript, cmd: RunCommand, text: string, scope: 'command' | 'script' = 'command'): Edited {
  const where = `the RUN on line ${script.instr.line}`;
  if (script.error || !cmd.place) return { ok: false, why: `${where} is not a shell script dflab can read (${script.error?.replace(/^line \d+: /, '')})` };
  let item: AndOr = cmd.place.item;
  let pipeline: Pipeline = cmd.place.pipeline;
  let at = cmd.start;
  if (scope === 'script') {
    item = cmd.part.tree!.items.find((it) => it.start <= cmd.start && cmd.start < it.end)!;
    pipeline = item.pipelines.find((p) => p.start <= cmd.start && cmd.start < p.end)!;
    at = pipeline.start;
  } else {
    if (cmd.scopes!.some((s) => s.kind === 'substitution')) return { ok: false, why: `${where} runs \`${cmd.name}\` inside a command substitution` };
    if (cmd.place.role === 'condition') return { ok: false, why: `${where} runs \`${cmd.name}\` as a condition` };
    if (pipeline.commands.length > 1 || pipeline.bang) return { ok: false, why: `${where} runs \`${cmd.name}\` in a pipeline` };
  }
  const k = item.pipelines.indexOf(pipeline);
  if (k > 0 && item.ops[k - 1]!.text === '||') return { ok: false, why: `${where} runs \`${cmd.name}\` only when the command before it fails (||)` };
  const offset = offsetAt(cmd.part, at);
  return { ok: true, edits: [{ start: offset, end: offset, newText: `${text} && ` }] };
}

/**
 * An edit that runs `command` last in the RUN, after the whole script: a new last line of its last heredoc script,
 * or `&& command` after the instruction line's last token, on a continuation line of its own when the RUN spans several.
 */
export function appendCommand(model: DockerfileModel, script: RunScript, command: string): Edited {
  const where = `the RUN on line ${script.instr.line}`;
  if (script.error) return { ok: false, why: `${where} is not a shell script dflab can read (${script.error.replace(/^line \d+: /, '')})` };
  const last = script.parts[script.parts.length - 1]!;
  const items = last.tree!.items;
  if (items[items.length - 1]?.sep?.text === '&') return { ok: false, why: `${where} ends with a command run in the background (&)` };
  if (last.kind === 'heredoc') {
    if (/\\\r?\n?$/.test(last.text)) return { ok: false, why: `${where} ends its heredoc script with a line continuation` };
    return { ok: true, edits: [{ start: last.bodyEnd, end: last.bodyEnd, newText: `${command}${script.instr.eol}` }] };
  }
  // With heredocs the line's last word may be followed by a blanked `<<EOF`, which must stay with its command.
  let at = offsetAfter(last, last.end);
  if (script.instr.heredocs.length > 0) {
    let i = last.offsets.length - 1;
    while (i >= 0 && /\s/.test(model.text[last.offsets[i]!]!)) i--;
    at = Math.max(at, offsetAfter(last, i + 1));
  }
  const lastCmd = script.commands.filter((c) => c.part === last).pop();
  const cmdStart = lastCmd ? offsetAt(last, lastCmd.start) : at;
  const lineStart = Math.max(model.text.lastIndexOf('\n', cmdStart - 1), model.text.lastIndexOf('\r', cmdStart - 1)) + 1;
  if (model.text.slice(script.instr.start, at).search(/[\r\n]/) === -1 || lineStart <= script.instr.start) {
    return { ok: true, edits: [{ start: at, end: at, newText: ` && ${command}` }] };
  }
  const lineText = model.text.slice(lineStart, cmdStart);
  const indent = /^[ \t]*/.exec(lineText)![0];
  const esc = model.escapeChar;
  const newText = /^\s*&&/.test(lineText)
    ? ` ${esc}${script.instr.eol}${indent}&& ${command}`
    : ` && ${esc}${script.instr.eol}${indent}${command}`;
  return { ok: true, edits: [{ start: at, end: at, newText }] };
}

/**
 * The RUN's text with only the commands `keep` selects (and the tests and substitutions around them), structure
 * kept: for a RUN rewritten into another stage. Null when the others cannot be removed so (the reason in `why`).
 */
export function runWithOnly(model: DockerfileModel, script: RunScript, keep: (c: RunCommand) => boolean): { text: string } | { why: string } {
  const drop = script.commands.filter((c) => !keep(c) && c.place?.role !== 'condition' && c.place?.role !== 'substitution');
  const removed = removeCommands(model, script, drop);
  if (!removed.ok) return { why: removed.why };
  const { instr } = script;
  // Nothing but `true` would be left: removeCommands deletes the whole RUN (its line end too), not a text to keep.
  if (removed.edits.some((e) => e.start <= instr.start && e.end >= instr.end)) return { why: `the RUN on line ${instr.line} would keep nothing but \`true\`` };
  return { text: applyEdits(instr.raw, removed.edits.map((e) => ({ ...e, start: e.start - instr.start, end: e.end - instr.start }))) };
}
