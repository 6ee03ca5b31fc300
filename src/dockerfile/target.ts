// Which stage is the product: the one the build targets and the rules tune. `--target`/dflab.yaml's `target:`
// names it; by default it is the last stage that is not a helper — one no other stage copies from and not named
// like a helper (test, lint, ci, dev, docs …). A CI stage that comes last is not the image people ship.
import type { DockerfileModel, Stage } from './model.js';
import { stageChain } from './stage.js';

/** Words that name a helper stage (the stage name split at `-`, `_` and `.`). */
const HELPER_WORDS = new Set([
  'test', 'tests', 'testing', 'tester', 'unittest', 'unittests', 'pytest', 'e2e', 'integration', 'coverage', 'lint', 'linter', 'linting',
  'ci', 'check', 'checks', 'typecheck', 'mypy', 'format', 'fmt', 'dev', 'devel', 'develop', 'development', 'devcontainer', 'debug', 'docs',
  'doc', 'documentation', 'sphinx', 'mkdocs', 'bench', 'benchmark', 'benchmarks',
]);

export type TargetWhy =
  /** `--target` or dflab.yaml's `target:` names it. */
  | { kind: 'named' }
  /**
   * The last stage that is not a helper; the later stages are, for the reasons given. `unnamed`: the search stopped
   * at a stage without a name (`--target` cannot build it alone), so the last stage is the target after all.
   */
  | { kind: 'default'; helpers: { stage: Stage; why: string }[]; unnamed: Stage | null };

export interface TargetChoice {
  stage: Stage;
  why: TargetWhy;
}

/** The stage the build targets and rules tune ("the final stage"). */
export function finalStage(model: DockerfileModel): Stage {
  return targetChoice(model).stage;
}

export function targetChoice(model: DockerfileModel): TargetChoice {
  const last = model.stages[model.stages.length - 1];
  if (!last) throw new Error('a parsed Dockerfile has at least one stage');
  if (model.target !== null) {
    const key = model.target.toLowerCase();
    const named = model.stages.find((s) => s.name?.toLowerCase() === key);
    if (!named) throw new Error(`the target stage ${model.target} is not in the Dockerfile`);
    return { stage: named, why: { kind: 'named' } };
  }
  const helpers: { stage: Stage; why: string }[] = [];
  for (const stage of [...model.stages].reverse()) {
    if (stage !== last && stage.name === null) return { stage: last, why: { kind: 'default', helpers, unnamed: stage } };
    const why = helperReason(model, stage);
    if (why === null) return { stage, why: { kind: 'default', helpers, unnamed: null } };
    helpers.push({ stage, why });
  }
  return { stage: last, why: { kind: 'default', helpers, unnamed: null } };
}

/** The `--target` a build of this Dockerfile needs: the target's name unless it is the last stage; null then. */
export function buildTarget(model: DockerfileModel): string | null {
  const { stage, why } = targetChoice(model);
  if (why.kind === 'named') return model.target;
  return stage === model.stages[model.stages.length - 1] ? null : stage.name;
}

/** "stage prod (line 12)", with why it was chosen when that is not just "the last stage". */
export function describeTarget(model: DockerfileModel): string {
  const { stage, why } = targetChoice(model);
  const name = `stage ${stage.name ?? stage.index} (line ${stage.from.line})`;
  if (why.kind === 'named') return `${name}, named by target (--target or dflab.yaml)`;
  const helpers = why.helpers.map((h) => `${h.stage.name ?? h.stage.index} ${h.why}`).join('; ');
  if (why.unnamed) return `${name}, the last stage (${helpers}, but stage ${why.unnamed.index} before it has no name to build it by: name it and set target)`;
  if (why.helpers.length === 0 || stage === model.stages[model.stages.length - 1]) return `${name}, the last stage`;
  return `${name}, the last stage that is not a helper (${helpers})`;
}

/** The stages a build of the target runs: the target, the stages it builds FROM, and those they copy or mount from, in file order. */
export function builtStages(model: DockerfileModel): Stage[] {
  const wanted = new Set<Stage>();
  const visit = (stage: Stage) => {
    if (wanted.has(stage)) return;
    wanted.add(stage);
    const byName = (ref: string) => model.stages.find((s) => s.index < stage.index && (s.name?.toLowerCase() === ref.toLowerCase() || String(s.index) === ref));
    const parent = byName(stage.baseImage);
    if (parent) visit(parent);
    for (const instr of stage.instructions) for (const ref of stageRefs(instr)) {
      const s = byName(ref);
      if (s) visit(s);
    }
  };
  visit(finalStage(model));
  return model.stages.filter((s) => wanted.has(s));
}

/** The built stages the target's image does not stand on: builders it only copies or mounts files from. */
export function builderStages(model: DockerfileModel): Stage[] {
  const image = new Set(stageChain(model, finalStage(model)));
  return builtStages(model).filter((s) => !image.has(s));
}

/** The stages an instruction copies or mounts from (`--from=`), as written. */
function stageRefs(instr: Stage['from']): string[] {
  return instr.flags.flatMap((f) => {
    const from = f.name === 'from' ? f.value : f.name === 'mount' ? /(?:^|,)from=([^,]+)/.exec(f.value ?? '')?.[1] ?? null : null;
    return from === null ? [] : [from];
  });
}

/** Why a stage is a helper, or null: another stage copies from it, or its name says so. */
function helperReason(model: DockerfileModel, stage: Stage): string | null {
  const user = copiedFromBy(model, stage);
  if (user !== null) return `is copied from on line ${user}`;
  const word = (stage.name ?? '').toLowerCase().split(/[-_.]+/).find((w) => HELPER_WORDS.has(w));
  return word === undefined ? null : `is named like a helper (${word})`;
}

/** Line of a `COPY --from`/`ADD --from`/`RUN --mount=from=` in another stage that reads this one; null when none. */
function copiedFromBy(model: DockerfileModel, stage: Stage): number | null {
  const refs = new Set([String(stage.index), ...(stage.name ? [stage.name.toLowerCase()] : [])]);
  for (const instr of model.instructions) {
    if (instr.stage !== stage.index && stageRefs(instr).some((r) => refs.has(r.toLowerCase()))) return instr.line;
  }
  return null;
}
