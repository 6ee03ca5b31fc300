// What a variant's final stage keeps of the original image (pure). The rules that move installs into a builder
// (multi-stage, base-distroless, onnx-runtime) rebuild the final stage from a base, the trees copied from the
// builder, the apt packages it installs again and the original's instructions it keeps: whatever the original's
// layers above its base hold that the final stage does not keep stays behind — caches, waste, files the build steps
// wrote. A layer is matched to the final stage's instructions by its created-by text, as BuildKit records it.
import { finalStage, parseDockerfile, type DockerfileModel, type Instruction, type Stage } from '../dockerfile/index.js';
import { aptRuns, packageName } from '../analysis/packages/apt.js';
import { resolvedBase } from '../analysis/images/stage-base.js';
import type { Attribution, Category } from '../measure/attribution/index.js';
import { historyKeyword, wholeInstruction } from '../measure/layers.js';
import { contributor, type Contributor, type Unit } from './types.js';

type Layer = Attribution['layers'][number];

export interface FinalView {
  model: DockerfileModel;
  stage: Stage;
  /** The final stage's base image, ARGs resolved where they have defaults. */
  base: string;
  /** Its instructions as layer keys (see historyKey). */
  keys: Set<string>;
  /** The Debian packages its apt installs name. */
  aptNamed: string[];
}

export function finalView(dockerfile: string): FinalView {
  const model = parseDockerfile(dockerfile);
  const stage = finalStage(model);
  const aptNamed = aptRuns(model, stage.instructions).runs.flatMap((r) => r.apt.filter(({ a }) => a.sub.text === 'install').flatMap(({ a }) => a.packages.map((w) => packageName(w.text))));
  return { model, stage, base: resolvedBase(model, stage), keys: new Set(stage.instructions.slice(1).map(instructionKey)), aptNamed };
}

/** An instruction as `docker history` would show it, flags and the shell left out: `RUN pip install -r r.txt`. */
export function instructionKey(i: Instruction): string {
  const args = i.keyword === 'RUN' && i.jsonForm ? i.args.join(' ') : wholeInstruction(i.argsText);
  return `${i.keyword} ${args}`.replace(/\s+/g, ' ').trim();
}

/** A layer's created-by as a key: `RUN |1 V=x /bin/sh -c pip install -r r.txt` → `RUN pip install -r r.txt`. */
export function historyKey(createdBy: string): string {
  const text = createdBy.replace(/ # buildkit$/, '').replace(/^\/bin\/sh -c #\(nop\)\s*/, '').trim();
  const keyword = historyKeyword(text);
  let rest = text.startsWith(keyword) ? text.slice(keyword.length).trim() : text;
  while (/^--\S+/.test(rest)) rest = rest.replace(/^--\S+\s*/, '');
  if (keyword === 'RUN') rest = rest.replace(/^\|\d+(?:\s+[^\s=]+=\S*)*\s+/, '').replace(/^\/bin\/sh -c\s+/, '');
  return `${keyword} ${rest}`.replace(/\s+/g, ' ').trim();
}

/** Layers above the base that the final stage keeps: its instructions match them (an unknown created-by counts as kept). */
export function keptByText(view: FinalView): (l: Layer) => boolean {
  return (l) => l.createdBy === '' || view.keys.has(historyKey(l.createdBy));
}

const CACHES: [Category, string][] = [['pip-cache', "pip's cache"], ['uv-cache', "uv's cache"], ['apt-lists', 'apt package lists'], ['apt-cache', 'apt archives and caches']];

/**
 * What the layers above the base that the final stage does not keep leave behind: caches (keyed as pip-no-cache and
 * apt-hygiene key them, so a combination counts them once), waste, context files only the builder copies, and the
 * files its steps write outside any package. Packages are not counted here: the caller says which stay.
 */
export function leftBehind(a: Attribution, kept: (l: Layer) => boolean): Contributor[] {
  const gone = a.layers.filter((l) => !l.base && l.storedBytes > 0 && !kept(l));
  const sum = (cat: Category) => gone.reduce((s, l) => s + (l.byCategory[cat] ?? 0), 0);
  const out: Contributor[] = [];
  for (const [cat, what] of CACHES) {
    const c = a.categories.find((x) => x.category === cat);
    const share = c && c.bytes > 0 ? sum(cat) / c.bytes : 0;
    if (!c || share === 0) continue;
    const units: Unit[] = cat.startsWith('apt') ? [{ key: cat, bytes: -Math.round(c.bytes * share), category: cat }] : cacheUnits(c, share, cat);
    out.push(contributor(`${what}${c.top.length && !cat.startsWith('apt') ? ` (${c.top.map((s) => s.name).join(', ')})` : ''}, left in the builder`, units));
  }
  const waste: Unit[] = gone.filter((l) => (l.byCategory.waste ?? 0) > 0).map((l) => ({ key: `waste:${l.index}`, bytes: -l.byCategory.waste!, category: 'waste' }));
  if (waste.length) out.push(contributor(`bytes the builder's layers delete or rewrite (waste of ${waste.length} layer${waste.length === 1 ? '' : 's'})`, waste));
  const copies: Unit[] = gone.flatMap((l) => copyUnits(a, l));
  if (copies.length) out.push(contributor('context files only the builder copies', copies));
  const written: Unit[] = gone.flatMap((l) => (['other', 'pycache'] as const).filter((c) => (l.byCategory[c] ?? 0) > 0).map((c) => ({ key: `layer:${l.index}:${c}`, bytes: -l.byCategory[c]!, category: c })));
  if (written.length) out.push(contributor("files the builder's steps write outside any package", written));
  return out;
}

/** One unit per cache root, its share of the category (the same keys as pip-no-cache's). */
function cacheUnits(c: Attribution['categories'][number], share: number, category: Category): Unit[] {
  const units: Unit[] = c.top.map((s) => ({ key: `${category}:${s.name}`, bytes: -Math.round(s.bytes * share), category }));
  const rest = c.bytes - c.top.reduce((s, x) => s + x.bytes, 0);
  if (rest > 0) units.push({ key: `${category}:rest`, bytes: -Math.round(rest * share), category });
  return units;
}

/** A COPY layer's groups, keyed as dockerignore's prediction keys them. */
function copyUnits(a: Attribution, l: Layer): Unit[] {
  const copy = l.byCategory.copy ?? 0;
  if (copy === 0) return [];
  const groups = a.copies.find((c) => c.layer === l.index)?.groups ?? [];
  const units: Unit[] = groups.map((g) => ({ key: `copy:${l.index}:${g.path}`, bytes: -g.bytes, category: 'copy' }));
  const rest = copy - groups.reduce((s, g) => s + g.bytes, 0);
  if (rest > 0) units.push({ key: `layer:${l.index}:copy`, bytes: -rest, category: 'copy' });
  return units;
}
