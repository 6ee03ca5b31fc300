// Semantic check (issue 11, classes 2 and 9): every edit of a RUN keeps its shell structure. The RUN scripts of the
// original and the variant are read as command trees and compared construct by construct (if/case/loops, subshells,
// groups, matched by kind and header): a construct the original has is still there, with as many clauses, no branch
// emptied, no command of a branch lost except those rules edit (installs, package-list housekeeping), and two
// commands the variant still runs one after the other are joined by the same operator as before.
import type { Project } from '../../../../src/analysis/project.js';
import { runScript } from '../../../../src/analysis/shell/run-script.js';
import type { LocatedCommand } from '../../../../src/analysis/shell/shell.js';
import type { CompoundNode, ShellList } from '../../../../src/analysis/shell/tree.js';
import { parseDockerfile, type DockerfileModel } from '../../../../src/dockerfile/index.js';

interface ClauseFacts {
  opener: string;
  role: 'condition' | 'body';
  /** The simple commands directly in the clause (nested constructs' commands not). */
  commands: LocatedCommand[];
  /** Number of commands and constructs in it. */
  size: number;
}

interface Construct {
  key: string;
  line: number;
  clauses: ClauseFacts[];
  /** Every simple command inside it, nested ones included. */
  all: LocatedCommand[];
}

interface ScriptFacts {
  constructs: Construct[];
  /** `a␟b` → the operators joining two commands of one list that run one after the other. */
  pairs: Map<string, Set<string>>;
  errors: { line: number; error: string; raw: string }[];
}

/** Commands the RUN-editing rules may change or remove: package installs and the housekeeping around them. */
const EDITED = /^(apt-get|apt|aptitude|apk|dpkg|pip[\d.]*|uv|conda|mamba|micromamba|poetry|pipenv|true)$/;

export function shellStructure(original: Project, _variantName: string, variant: { dockerfile: string; files: Record<string, string | null> }): string[] {
  let model: DockerfileModel;
  try {
    model = parseDockerfile(variant.dockerfile, 'variant');
  } catch (e) {
    return [`the variant Dockerfile does not parse: ${(e as Error).message}`];
  }
  const before = facts(original.dockerfile);
  const after = facts(model);
  const out: string[] = [];
  const originalRaws = new Set(original.dockerfile.instructions.map((i) => i.raw));
  for (const e of after.errors) {
    if (!originalRaws.has(e.raw) && !before.errors.some((b) => b.error === e.error)) out.push(`RUN on line ${e.line} of the variant is not a shell script the reader follows: ${e.error}`);
  }
  for (const c of before.constructs) out.push(...compareConstruct(c, after.constructs.filter((v) => v.key === c.key)));
  for (const [pair, ops] of before.pairs) {
    const now = after.pairs.get(pair);
    if (!now || [...now].some((op) => ops.has(op))) continue;
    const [a, b] = pair.split('\u241f');
    out.push(`\`${a}\` and \`${b}\` were joined by ${[...ops].join('/')}, now by ${[...now].join('/')}`);
  }
  return [...new Set(out)];
}

function compareConstruct(c: Construct, found: Construct[]): string[] {
  const where = `${c.key.split('\u241f')[0]} on line ${c.line}`;
  if (found.length === 0) {
    const kept = c.all.filter((x) => !edited(x));
    return kept.length ? [`${where} is gone (it ran ${kept.map(text).map((t) => `\`${t}\``).join(', ')})`] : [];
  }
  const out: string[] = [];
  const shape = (x: Construct) => x.clauses.map((k) => k.opener).join(' ');
  const same = found.filter((v) => shape(v) === shape(c));
  if (same.length === 0) return [`${where} had the clauses [${shape(c)}], the variant has [${shape(found[0]!)}]`];
  found = same;
  for (const v of found) {
    c.clauses.forEach((k, i) => {
      if (k.size > 0 && v.clauses[i]?.size === 0) out.push(`the ${k.opener} clause of ${where} lost all its commands`);
    });
  }
  c.clauses.forEach((k, i) => {
    const lost = k.commands.filter((c) => !edited(c) && !found.some((v) => v.clauses[i]?.commands.some((x) => text(x) === text(c)))).map(text);
    if (lost.length) out.push(`the ${k.opener} clause of ${where} lost ${lost.map((t) => `\`${t}\``).join(', ')}`);
  });
  return out;
}

function facts(model: DockerfileModel): ScriptFacts {
  const f: ScriptFacts = { constructs: [], pairs: new Map(), errors: [] };
  for (const instr of model.instructions) {
    const script = runScript(model, instr);
    if (!script) continue;
    if (script.error) {
      f.errors.push({ line: instr.line, error: script.error.replace(/^line \d+: /, ''), raw: instr.raw });
      continue;
    }
    for (const part of script.parts) {
      const cmds = script.commands.filter((c) => c.part === part);
      walk(part.tree!, cmds, instr.line, f.constructs);
      cmds.forEach((c, k) => {
        const next = cmds[k + 1];
        if (!next || next.place!.list !== c.place!.list || c.op === '') return;
        const key = `${text(c)}\u241f${text(next)}`;
        f.pairs.set(key, (f.pairs.get(key) ?? new Set()).add(c.op === '\n' ? ';' : c.op));
      });
    }
  }
  return f;
}

function walk(list: ShellList, cmds: LocatedCommand[], line: number, out: Construct[]): void {
  for (const item of list.items) {
    for (const p of item.pipelines) {
      for (const node of p.commands) {
        if (node.kind === 'simple') continue;
        out.push(construct(node, cmds, line));
        for (const c of node.clauses) walk(c.list, cmds, line, out);
      }
    }
  }
}

function construct(node: CompoundNode, cmds: LocatedCommand[], line: number): Construct {
  const inside = (c: LocatedCommand) => c.scopes!.some((s) => s.node === node);
  const all = cmds.filter(inside);
  const clauses = node.clauses.map((clause, i): ClauseFacts => {
    const direct = all.filter((c) => {
      const s = c.scopes!;
      const at = s.findIndex((x) => x.node === node);
      return s[at]!.clause === i && s.slice(at + 1).every((x) => x.kind === 'substitution');
    });
    const size = clause.list.items.reduce((n, item) => n + item.pipelines.reduce((m, p) => m + p.commands.length, 0), 0);
    return { opener: clause.opener, role: clause.role, commands: direct, size };
  });
  const conditions = clauses.filter((k) => k.role === 'condition').flatMap((k) => k.commands.map(text));
  const anchor = all.find((c) => !edited(c));
  const id = node.kind === 'subshell' || node.kind === 'group' ? (anchor ? text(anchor) : '') : [...node.header, ...conditions].join(' ');
  return { key: `${node.kind}\u241f${id}`, line, clauses, all };
}

function edited(c: LocatedCommand): boolean {
  if (/^python[\d.]*$/.test(c.name) && c.words[1] === '-m' && /^(pip|venv)$/.test(c.words[2] ?? '')) return true;
  return EDITED.test(c.name) || (c.name === 'rm' && c.words.some((w) => /^(\/var\/lib\/apt\/lists|\/var\/cache\/apt|\/root\/\.cache|~\/\.cache)/.test(w)));
}

function text(c: LocatedCommand): string {
  return [...c.prefix.map((w) => w.text), ...c.words].join(' ');
}
