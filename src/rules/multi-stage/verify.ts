// The variant read back before multi-stage claims it: its builder runs every dependency install of the original
// (moved, not lost), and every tree the builder installs into is one the final stage copies. What fails this is a
// shape the rule did not understand, so it does not apply (the reason says which install).
import { applyEdits, parseDockerfile } from '../../dockerfile/index.js';
import { installKeys, pythonInstalls, type DependencyInstall, type InstallTree } from '../../analysis/python/installers.js';
import type { Project, RuleEdits } from '../types.js';
import type { StageFacts } from './facts.js';
import { isCopied, toolingOnly } from './trees.js';

/** Why the variant would lose an install or leave a tree behind; null when it keeps them all. */
export function lostInstall(p: Project, f: StageFacts, edits: RuleEdits): string | null {
  const model = parseDockerfile(applyEdits(p.dockerfile.text, edits.dockerfile));
  const builder = model.stages[f.stage.index]!; // inserted before the final stage, it takes its index
  const after = pythonInstalls(model, builder, p.files, p.contextPaths).installs.filter((i) => i.instr.stage === builder.index);
  const left = after.flatMap(installKeys);
  for (const i of f.installs) {
    for (const key of installKeys(i)) {
      const at = left.indexOf(key);
      if (at === -1) return `${i.what} on line ${i.instr.line} would not run in the builder`;
      left.splice(at, 1);
    }
  }
  for (const a of after) {
    if (toolingOnly(a)) continue;
    const path = treePath(a.tree);
    if (path === null || !isCopied(f.trees, path)) return `${a.what} (line ${a.instr.line} of the variant) would install into ${describe(a)}, which the final stage does not copy`;
  }
  return null;
}

function treePath(t: InstallTree): string | null {
  if (t.kind === 'venv' || t.kind === 'prefix') return t.path;
  if (t.kind === 'conda') return t.prefix;
  if (t.kind === 'user') return t.base;
  return null;
}

function describe(i: DependencyInstall): string {
  const t = i.tree;
  if (t.kind === 'unknown') return `a place dflab cannot tell (${t.why})`;
  if (t.kind === 'system') return 'the system site-packages';
  return treePath(t)!;
}
