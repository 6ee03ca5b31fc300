// merge-runs: adjacent RUNs (same stage, nothing but comments and blank lines between them) are merged where
// a later one deletes what an earlier one made: a layer keeps the files a later layer deletes, merged they
// never land in one. Only shell-form RUNs without heredocs and with the same flags (--mount, --network …)
// merge; they are joined with ` && <escape>` continuations, comments between them kept inside the
// continuation (BuildKit drops such lines). A later RUN that chains with `;`, `||` or `&` is wrapped in
// `{ …; }` so a failure before it still stops the build, and one that changes the shell's state (cd, export,
// set …) runs in `( … )` so the next one starts as it did. Adjacent RUNs that delete nothing are left alone:
// merging them would only cut the layer count.
import { renderFlag, type DockerfileModel, type Instruction, type TextEdit } from '../dockerfile/index.js';
import { madeBy, deletedFrom } from '../analysis/shell/run-deletes.js';
import { offsetAfter, offsetAt, runScript, type RunScript } from '../analysis/shell/run-script.js';
import type { Rule } from './types.js';
import { defineRule, type Analysis } from './define.js';
import { fewerOf } from './declared.js';
import { reason } from '../reasons.js';

/** Operators after which a command runs even when the one before failed. */
const RISKY_OPS = new Set([';', '||', '&', '\n', ';;']);
/** Commands whose effect outlives them in the same shell. */
const STATEFUL = new Set(['cd', 'pushd', 'popd', 'export', 'unset', 'set', 'source', '.', 'umask', 'shopt', 'alias', 'ulimit']);

export const mergeRuns: Rule = defineRule('merge-runs', 'merge adjacent RUNs where a later one deletes files an earlier one made', (p) => analyse(p.dockerfile, p.keepStages ?? []), {
  effect: fewerOf('fewer RUN instructions', (p) => p.dockerfile.instructions.filter((i) => i.keyword === 'RUN').length),
});

interface Findings {
  edits: TextEdit[];
  notes: string[];
  cosmetic: string[];
  blocked: string[];
  adjacent: boolean;
}

function analyse(model: DockerfileModel, keep: readonly number[]): Analysis {
  const f: Findings = { edits: [], notes: [], cosmetic: [], blocked: [], adjacent: false };
  for (const stage of model.stages.filter((s) => !keep.includes(s.index))) {
    const ins = stage.instructions;
    for (let i = 0; i < ins.length; i++) {
      let j = i;
      while (ins[i]!.keyword === 'RUN' && ins[j + 1]?.keyword === 'RUN') j++;
      if (j > i) sequence(model, ins.slice(i, j + 1), f);
      i = j;
    }
  }
  if (f.edits.length > 0) return { ok: true, edits: { dockerfile: f.edits, files: [], notes: [...f.notes, ...f.blocked.map((b) => `not merged: ${b}`)] } };
  if (!f.adjacent) return { ok: false, reason: reason('no-adjacent-runs', 'no two RUN instructions are adjacent in a stage: nothing to merge') };
  const why = [
    f.cosmetic.length ? `adjacent RUNs (${f.cosmetic.join(', ')}) delete nothing an earlier one made: merging them would only cut the layer count` : '',
    ...f.blocked.map((b) => `not merged: ${b}`),
  ].filter((s) => s !== '');
  return { ok: false, reason: reason(f.blocked.length ? 'merge-blocked' : 'no-deletion-across-runs', why.join('; ')) };
}

/** A run of consecutive RUN instructions: split where two cannot merge, then merge what deletes. */
function sequence(model: DockerfileModel, runs: Instruction[], f: Findings): void {
  f.adjacent = true;
  let start = 0;
  for (let k = 0; k < runs.length; k++) {
    const next = runs[k + 1];
    const block = next ? pairBlock(runs[k]!, next) : 'end';
    if (block === null) continue;
    if (block !== 'end') {
      const d = deletion(model, runs[k]!, next!);
      if (d) f.blocked.push(`line ${next!.line} deletes (${d}) what line ${runs[k]!.line} made, but ${block}`);
      else f.cosmetic.push(span(runs[k]!, next!));
    }
    segment(model, runs.slice(start, k + 1), f);
    start = k + 1;
  }
}

function segment(model: DockerfileModel, runs: Instruction[], f: Findings): void {
  if (runs.length < 2) return;
  const scripts = runs.map((r) => runScript(model, r)!);
  const made = scripts.map((s) => madeBy(s.commands));
  const groups: { from: number; to: number; why: string[] }[] = [];
  for (let b = 1; b < runs.length; b++) {
    for (let a = 0; a < b; a++) {
      const d = deletedFrom(scripts[b]!.commands, made[a]!);
      if (!d) continue;
      const why = `line ${runs[b]!.line} deletes (${d}) what line ${runs[a]!.line} made`;
      const last = groups[groups.length - 1];
      if (last && a <= last.to) {
        last.to = b;
        last.why.push(why);
      } else groups.push({ from: a, to: b, why: [why] });
      break;
    }
  }
  if (groups.length === 0) f.cosmetic.push(span(runs[0]!, runs[runs.length - 1]!));
  for (const g of groups) {
    const group = scripts.slice(g.from, g.to + 1);
    const unread = group.find((s) => s.error !== null);
    if (unread) {
      f.blocked.push(`${g.why.join(', ')}, but line ${unread.instr.line} is not a shell script dflab can read (${unread.error!.replace(/^line \d+: /, '')})`);
      continue;
    }
    const open = group.find((s) => s.parts[0]!.text.slice(s.parts[0]!.end).trim() !== '' || s.parts[0]!.tree!.items.at(-1)?.sep?.text === '&');
    if (open) {
      f.blocked.push(`${g.why.join(', ')}, but line ${open.instr.line} ends with a shell comment or operator`);
      continue;
    }
    f.edits.push(...join(model, group));
    f.notes.push(`merged the RUNs on ${span(group[0]!.instr, group[group.length - 1]!.instr)}: ${g.why.join(', ')}`);
  }
}

/** Why two adjacent RUNs cannot merge, or null when they can. */
function pairBlock(a: Instruction, b: Instruction): string | null {
  for (const i of [a, b]) {
    if (i.jsonForm) return `the RUN on line ${i.line} is in exec form`;
    if (i.heredocs.length > 0) return `the RUN on line ${i.line} uses a heredoc`;
  }
  const flags = (i: Instruction) => i.flags.map(renderFlag).sort().join(' ');
  if (flags(a) !== flags(b)) return `their flags differ (${flags(a) || 'none'} / ${flags(b) || 'none'})`;
  return null;
}

function deletion(model: DockerfileModel, a: Instruction, b: Instruction): string | null {
  const sa = runScript(model, a);
  const sb = runScript(model, b);
  return sa && sb ? deletedFrom(sb.commands, madeBy(sa.commands)) : null;
}

/**
 * The edits: everything after the first RUN's last word becomes `&& <escape>` continuations holding the others.
 * A RUN that changes the shell's state (cd, export, set …) runs in `( … )` when others follow it, as it did alone.
 */
function join(model: DockerfileModel, group: RunScript[]): TextEdit[] {
  const first = group[0]!;
  const eol = first.instr.eol;
  const edits: TextEdit[] = [];
  const part = first.parts[0]!;
  let text = leaks(first) ? ' )' : '';
  if (text) edits.push({ start: offsetAt(part, 0), end: offsetAt(part, 0), newText: '( ' });
  for (let m = 1; m < group.length; m++) {
    const script = group[m]!;
    const line = script.parts[0]!;
    const between = model.text.slice(group[m - 1]!.instr.lineEnd, script.instr.lineStart).split(/\r\n|\r|\n/);
    const comments = between.filter((l) => l.trim().startsWith('#')).map((l) => `${l}${eol}`).join('');
    let body = model.text.slice(offsetAt(line, 0), offsetAfter(line, line.end));
    if (m < group.length - 1 && leaks(script)) body = `( ${body} )`;
    else if (script.commands.some((c) => RISKY_OPS.has(c.op))) body = `{ ${body}; }`;
    text += ` && ${model.escapeChar}${eol}${comments}    ${body}`;
  }
  const last = group[group.length - 1]!.instr;
  edits.push({ start: offsetAfter(part, part.end), end: last.end, newText: text });
  return edits;
}

/** True when a script changes state the commands after it would inherit in one shell (not inside a subshell or substitution). */
function leaks(script: RunScript): boolean {
  return script.commands.some((c) => STATEFUL.has(c.name) && !(c.scopes ?? []).some((s) => s.kind === 'subshell' || s.kind === 'substitution'));
}

function span(a: Instruction, b: Instruction): string {
  return `lines ${a.line}–${b.line}`;
}
