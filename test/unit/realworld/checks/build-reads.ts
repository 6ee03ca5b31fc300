// Semantic check for dockerignore (issue 11 class 10): a .dockerignore variant never keeps out of the build context
// a path a build step reads — `.git` when a RUN runs git (describe, rev-parse …) or the project takes its version
// from version control (setuptools-scm, versioningit, hatch-vcs, poetry-dynamic-versioning …), and any context path a
// RUN names. Written apart from the rule: it compares what the old and new ignore files exclude.
import dockerignoreLib from '@balena/dockerignore';
import type { Project } from '../../../../src/analysis/project.js';
import type { VariantUnderCheck } from './index.js';

const SCM_VERSIONING = /setuptools[_-]scm|use_scm_version|versioningit|hatch[_-]vcs|poetry[_-]dynamic[_-]versioning|setuptools[_-]git[_-]versioning|dunamai|versioneer|\bpbr\b|source\s*=\s*["'](vcs|scm)["']/;

export function ignoreKeepsWhatBuildReads(original: Project, _name: string, variant: VariantUnderCheck): string[] {
  const next = variant.files['.dockerignore'];
  if (next === undefined || next === null) return [];
  const before = dockerignoreLib.default().add(lines(original.files['.dockerignore'] ?? ''));
  const after = dockerignoreLib.default().add(lines(next));
  const newly = original.contextPaths.filter((p) => !before.ignores(p) && after.ignores(p));
  if (newly.length === 0) return [];
  const runs = original.dockerfile.instructions.filter((i) => i.keyword === 'RUN');
  const out: string[] = [];
  const git = newly.filter((p) => p === '.git' || p.startsWith('.git/'));
  if (git.length) {
    const gitRun = runs.find((i) => /(^|[\s;&|(`])git\s/.test(i.raw) || scriptsRunBy(original, i.raw).some((t) => /(^|[\s;&|(`])git\s/.test(t)));
    const scm = Object.entries(original.files).find(([f, t]) => /(^|\/)(pyproject\.toml|setup\.cfg|setup\.py)$/.test(f) && SCM_VERSIONING.test(t));
    if (gitRun) out.push(`ignores .git, which the RUN on line ${gitRun.line} reads through git`);
    if (scm) out.push(`ignores .git, which ${scm[0]} takes its version from`);
  }
  for (const i of runs) {
    for (const word of i.raw.split(/[\s"'=;&|()<>]+/).map((w) => w.replace(/^\.\//, '').replace(/\/+$/, '')).filter((w) => w.length > 1 && !w.startsWith('-') && !w.includes('$'))) {
      const hit = newly.find((p) => p === word || p.startsWith(`${word}/`) || (word.includes('/') && p.endsWith(`/${word}`)));
      if (hit && !/^(\.|\*|\/)$/.test(word)) out.push(`ignores ${hit}, which the RUN on line ${i.line} names (${word})`);
    }
  }
  return [...new Set(out)];
}

/** The text of context scripts a RUN starts (`./build.sh`, `sh scripts/x.sh`), when dflab read them. */
function scriptsRunBy(p: Project, raw: string): string[] {
  return Object.entries(p.files).filter(([path]) => /\.(sh|bash)$/.test(path) && raw.includes(path.replace(/^.*\//, ''))).map(([, text]) => text);
}

function lines(text: string): string[] {
  return text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('#'));
}
