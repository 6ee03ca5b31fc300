// Steps a combination shares with other variants (issue 14). A builder stage (one the final image only copies or
// mounts files from: multi-stage's, onnx-runtime's, base-distroless's, or the project's own) is built for what the
// final stage takes out of it. The rules that compose after the final-base strategy and tune layers (order.ts) would
// change none of that there — pip's cache, package lists, layer boundaries stay in the builder — yet, edited, every
// builder step after the first edit is a step no other variant has, built again from nothing. So in a combination
// they leave the builders as the rules before them wrote them: the builder's steps are then the steps of those
// rules' variants (the original's, where none edited it) and BuildKit runs them once per trial. apt-hygiene edits a
// builder where a Python installer runs: apt's recommends there can decide what pip puts in the tree it copies. A
// builder is kept only where the final image takes trees of its own from it (a venv, a prefix, the app's directory),
// never `/`, a home, /tmp or apt's and other caches under /var, and where no ENV or ARG moves pip's cache.
import { builderStages, type DockerfileModel, type Stage, type TextEdit } from '../dockerfile/index.js';
import { pythonInstalls } from '../analysis/python/installers.js';
import { reason, type Reason } from '../reasons.js';
import type { Project, Rule } from '../rules/types.js';

/** The rules that leave builders as they are in a combination, and what they would change in one. */
export const LEAVES_BUILDERS: Readonly<Record<string, string>> = {
  'pip-cache-mount': "where pip keeps its cache",
  'pip-no-cache': "pip's cache",
  'apt-hygiene': 'the package lists and recommends',
  'merge-runs': 'the layer boundaries',
};

/** The stages `rule` leaves as they are in a combination (indexes; [] for the rules that edit every stage). */
export function keptStages(rule: Rule, project: Project): number[] {
  if (!(rule.id in LEAVES_BUILDERS)) return [];
  const model = project.dockerfile;
  const installsPython = (s: Stage) => pythonInstalls(model, s, project.files, project.contextPaths).installs.length > 0;
  if (rule.id.startsWith('pip-') && movesPipCache(model)) return [];
  return builderStages(model).filter((s) => handsOverOwnTrees(model, s) && (rule.id !== 'apt-hygiene' || !installsPython(s))).map((s) => s.index);
}

/** Where caches, package lists and homes live: a copy of one of them (or of a directory above one) could take them along. */
const HOLDS_CACHES = ['/root', '/home', '/tmp', '/var/lib/apt', '/var/cache'];

/** True when every COPY --from of the stage takes absolute paths, written without variables, clear of HOLDS_CACHES. */
function handsOverOwnTrees(model: DockerfileModel, stage: Stage): boolean {
  const refs = new Set([String(stage.index), ...(stage.name ? [stage.name.toLowerCase()] : [])]);
  const copies = model.instructions.filter((i) => i.keyword === 'COPY' && i.flags.some((f) => f.name === 'from' && refs.has((f.value ?? '').toLowerCase())));
  return copies.every((c) => c.args.slice(0, -1).every((src) => {
    const path = `/${src.replace(/^\/+/, '').replace(/\/+$/, '')}`;
    return !path.includes('$') && path !== '/' && HOLDS_CACHES.every((dir) => !dir.startsWith(`${path}/`) && path !== dir && !path.startsWith(`${dir}/`));
  }));
}

/** True when an ENV or ARG sets where pip keeps its cache (it could then be inside a tree the final stage copies). */
function movesPipCache(model: DockerfileModel): boolean {
  return model.instructions.some((i) => (i.keyword === 'ENV' || i.keyword === 'ARG') && i.args.some((a) => /^(PIP_CACHE_DIR|XDG_CACHE_HOME)(=|$)/.test(a)));
}

/** The kept stages `rule`, left free, would edit (it applies, and one of its edits falls inside them). */
export function editedKept(rule: Rule, project: Project, kept: readonly number[]): number[] {
  if (kept.length === 0 || !rule.applies(project).applies) return [];
  const edits: TextEdit[] = rule.apply(project).dockerfile;
  return kept.filter((i) => {
    const [a, b] = stageSpan(project.dockerfile.stages[i]!);
    return edits.some((e) => e.start >= a && e.end <= b);
  });
}

/** Why a rule is left out of a combination: its only edits would fall in the builders it leaves as they are. */
export function onlyInBuilders(rule: Rule, project: Project, kept: readonly number[]): Reason {
  const it = kept.length === 1 ? 'it' : 'them';
  return reason('only-in-builder', `its edits would fall only in ${stageNames(project, kept)}, which the variant keeps as the rules before it wrote ${it}, its steps shared with other variants: what it changes there (${LEAVES_BUILDERS[rule.id] ?? 'its edits'}) is not what the final stage copies`);
}

/** The note on a rule that applied in a combination and left builders it would have edited as they were. */
export function keptNote(rule: Rule, project: Project, kept: readonly number[]): string {
  const one = kept.length === 1;
  return `${rule.id} tunes the final stage only: ${stageNames(project, kept)} ${one ? 'keeps' : 'keep'} the steps the rules before it wrote, shared with other variants (BuildKit runs them once); what it changes in a builder (${LEAVES_BUILDERS[rule.id] ?? 'its edits'}) is not what the final stage copies`;
}

function stageNames(project: Project, kept: readonly number[]): string {
  const names = kept.map((i) => project.dockerfile.stages[i]!).map((s) => s.name ?? String(s.index));
  return `${names.length === 1 ? 'builder stage' : 'builder stages'} ${names.join(', ')}`;
}

function stageSpan(stage: Stage): [number, number] {
  const last = stage.instructions[stage.instructions.length - 1] ?? stage.from;
  return [stage.from.start, last.end];
}
