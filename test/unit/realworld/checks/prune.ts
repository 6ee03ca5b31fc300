// Semantic check for prune-requirements (issue 11 class 8, class 10): a prune variant never takes away a
// distribution the image runs (CMD, ENTRYPOINT, HEALTHCHECK — and the context scripts they start) or a build step
// imports (`python -c "import x"`, `python -m x`, `python manage.py`). Written apart from the rule: it compares the
// declarations the original and the variant install, and looks for each one that went in the instructions' text.
import { parseDockerfile } from '../../../../src/dockerfile/index.js';
import { declaredDistributions } from '../../../../src/analysis/python/declared.js';
import { normalizeName } from '../../../../src/analysis/python/requirements.js';
import type { Project } from '../../../../src/analysis/project.js';
import type { VariantUnderCheck } from './index.js';

/** Distributions a word in a command line stands for, beyond the word itself. */
const ALIASES: Record<string, string[]> = {
  jupyter: ['jupyterlab', 'notebook', 'jupyter-server', 'jupyter-core', 'ipykernel', 'nbclassic', 'jupyter-client'],
  'jupyter-lab': ['jupyterlab'], lab: ['jupyterlab'], notebook: ['notebook'], 'manage.py': ['django'], 'django-admin': ['django'],
  flower: ['celery'], cv2: ['opencv-python', 'opencv-python-headless'], sklearn: ['scikit-learn'], PIL: ['pillow'], yaml: ['pyyaml'],
};

export function pruneKeepsWhatRuns(original: Project, _name: string, variant: VariantUnderCheck): string[] {
  if (!variant.rules.includes('prune-requirements')) return [];
  const files = { ...original.files };
  for (const [path, text] of Object.entries(variant.files)) if (text === null) delete files[path]; else files[path] = text;
  const after: Project = { ...original, dockerfile: parseDockerfile(variant.dockerfile, 'variant', { target: original.dockerfile.target }), files };
  const kept = new Set(declaredDistributions(after, after.dockerfile.stages).map((d) => d.name));
  const gone = [...new Set(declaredDistributions(original, original.dockerfile.stages).map((d) => d.name))].filter((n) => !kept.has(n));
  if (gone.length === 0) return [];
  const runs = runText(original);
  const builds = buildText(original);
  const out: string[] = [];
  for (const name of gone) {
    const where = runs.find((r) => names(r.text).has(name)) ?? builds.find((b) => imported(b.text).has(name));
    if (where) out.push(`removes ${name}, which ${where.what}`);
  }
  return out;
}

/** CMD/ENTRYPOINT/HEALTHCHECK text, and the text of context scripts they name. */
function runText(p: Project): { text: string; what: string }[] {
  const out: { text: string; what: string }[] = [];
  for (const i of p.dockerfile.instructions.filter((x) => ['CMD', 'ENTRYPOINT', 'HEALTHCHECK'].includes(x.keyword))) {
    out.push({ text: i.argsText, what: `${i.keyword} on line ${i.line} runs` });
    for (const [path, text] of Object.entries(p.files)) {
      const base = path.replace(/^.*\//, '');
      if (/\.(sh|bash)$|entrypoint|start/.test(base) && i.argsText.includes(base)) out.push({ text, what: `${path} (started by ${i.keyword} on line ${i.line}) runs` });
    }
  }
  return out;
}

function buildText(p: Project): { text: string; what: string }[] {
  return p.dockerfile.instructions.filter((x) => x.keyword === 'RUN').map((i) => ({ text: i.raw, what: `the RUN on line ${i.line} imports or runs` }));
}

/** Every word of a command line as a distribution name, with aliases. */
function names(text: string): Set<string> {
  const out = new Set<string>();
  for (const w of text.split(/[\s"'[\],;&|()=]+/).filter(Boolean)) {
    const base = w.replace(/^.*\//, '');
    for (const part of [base, ...base.split(/[.:]/)]) {
      out.add(normalizeName(part));
      for (const a of ALIASES[part] ?? []) out.add(a);
    }
  }
  return out;
}

/** Modules a RUN's Python imports or runs with -m, and manage.py's django. */
function imported(text: string): Set<string> {
  const out = new Set<string>();
  for (const m of text.matchAll(/\b(?:import|from)\s+([A-Za-z_]\w*)|\s-m\s*([A-Za-z_]\w*)/g)) {
    const mod = m[1] ?? m[2]!;
    out.add(normalizeName(mod));
    for (const a of ALIASES[mod] ?? []) out.add(a);
  }
  if (/manage\.py/.test(text)) out.add('django');
  return out;
}
