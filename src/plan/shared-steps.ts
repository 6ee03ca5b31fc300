// How many build steps a variant shares with the original (issue 14): per stage of the variant, the number of leading
// steps that are the same steps as those of a stage of the original, so that BuildKit runs them once for both.
// A step is the same when everything its cache key reads is: the stage's base (an image as resolved, or an earlier
// stage that is itself the same throughout), the instruction as BuildKit reads it (effective.ts), the stage a
// COPY --from reads, and for a context COPY/ADD the files it sends (after .dockerignore) with their contents.
// Instructions that only set image metadata (CMD, EXPOSE, LABEL …) make no step and change no later one: left out.
import dockerignoreLib from '@balena/dockerignore';
import { createHash } from 'node:crypto';
import { parentStage, parseDockerfile, stageByName, type DockerfileModel, type Instruction, type Stage } from '../dockerfile/index.js';
import { resolvedBase } from '../analysis/images/stage-base.js';
import { copySources, fromContext, sentBy } from '../analysis/stage/copy-sources.js';
import type { FileEdit, Project } from '../rules/types.js';
import { effectiveInstruction } from './effective.js';

/** Instructions that make a step or change the steps after them. */
const STEP_KEYWORDS = new Set(['FROM', 'RUN', 'COPY', 'ADD', 'WORKDIR', 'ENV', 'ARG', 'USER', 'SHELL', 'ONBUILD']);

export interface StageShare {
  /** The variant's stage, by name (its index when it has none). */
  stage: string;
  /** The original's stage it shares its leading steps with; null when it shares none. */
  with: string | null;
  /** Leading steps (FROM included) the same as that stage's. */
  shared: number;
  /** The stage's steps (FROM included). */
  steps: number;
}

interface Build { model: DockerfileModel; files: Record<string, string>; paths: string[]; edited: Set<string> }

/** Per stage of the variant, its leading steps shared with the original's best-matching stage. */
export function sharedSteps(original: Project, variant: { dockerfile: string; files: FileEdit[] }): StageShare[] {
  const before: Build = { model: original.dockerfile, files: original.files, paths: original.contextPaths, edited: new Set() };
  const after = variantBuild(original, variant);
  const theirs = before.model.stages.map((s) => ({ stage: s, keys: stageKeys(before, s) }));
  return after.model.stages.map((s) => {
    const keys = stageKeys(after, s);
    let best: { stage: Stage | null; shared: number } = { stage: null, shared: 0 };
    for (const o of theirs) {
      const n = commonPrefix(keys, o.keys);
      if (n > best.shared) best = { stage: o.stage, shared: n };
    }
    return { stage: label(s), with: best.stage ? label(best.stage) : null, shared: best.shared, steps: keys.length };
  });
}

/** Instructions BuildKit runs as a step of their own (ENV, ARG, USER, SHELL only change the steps after them). */
const VERTEX_KEYWORDS = new Set(['RUN', 'COPY', 'ADD', 'WORKDIR']);

/**
 * The build steps of a set of variants of one project, and how many are distinct: a step is identified by itself and
 * every step before it in its stage, as BuildKit's cache is; the FROM of a base image is not counted (it is pulled,
 * not built). BuildKit runs each distinct step once in a trial whose builds share a cache.
 */
export function distinctSteps(original: Project, variants: { dockerfile: string; files: FileEdit[] }[]): { steps: number; distinct: number } {
  const seen = new Set<string>();
  let steps = 0;
  for (const v of variants) {
    const b = variantBuild(original, v);
    for (const stage of b.model.stages) {
      const made = stage.instructions.filter((i) => STEP_KEYWORDS.has(i.keyword));
      const keys = stageKeys(b, stage);
      made.forEach((instr, k) => {
        if (!VERTEX_KEYWORDS.has(instr.keyword)) return;
        steps++;
        seen.add(digest(keys.slice(0, k + 1).join('\n')));
      });
    }
  }
  return { steps, distinct: seen.size };
}

function variantBuild(original: Project, variant: { dockerfile: string; files: FileEdit[] }): Build {
  const files = { ...original.files };
  const paths = new Set(original.contextPaths);
  for (const f of variant.files) {
    if (f.newText === null) {
      delete files[f.path];
      paths.delete(f.path);
    } else {
      files[f.path] = f.newText;
      paths.add(f.path);
    }
  }
  const model = parseDockerfile(variant.dockerfile, original.dockerfilePath, { target: original.dockerfile.target });
  return { model, files, paths: [...paths].sort(), edited: new Set(variant.files.map((f) => f.path)) };
}

const memo = new WeakMap<Build, Map<number, string[]>>();

/** The cache-relevant identity of each step of the stage, FROM first. */
function stageKeys(b: Build, stage: Stage): string[] {
  const seen = memo.get(b) ?? new Map<number, string[]>();
  memo.set(b, seen);
  const known = seen.get(stage.index);
  if (known) return known;
  const keys = stage.instructions.filter((i) => STEP_KEYWORDS.has(i.keyword)).map((i) => stepKey(b, stage, i));
  seen.set(stage.index, keys);
  return keys;
}

function stepKey(b: Build, stage: Stage, i: Instruction): string {
  if (i.keyword === 'FROM') {
    const parent = parentStage(b.model, stage);
    const flags = i.flags.filter((f) => f.name === 'platform').map((f) => `--platform=${f.value ?? ''}`);
    return ['FROM', ...flags, parent ? `stage:${digest(stageKeys(b, parent).join('\n'))}` : resolvedBase(b.model, stage)].join(' ');
  }
  const from = i.flags.find((f) => f.name === 'from')?.value ?? null;
  const source = from === null ? null : stageByName(b.model, from, stage.index) ?? b.model.stages.find((s) => String(s.index) === from && s.index < stage.index) ?? null;
  const text = effectiveInstruction(i).replace(/--from=\S+/, source ? `--from=stage:${digest(stageKeys(b, source).join('\n'))}` : '$&');
  return fromContext(i) ? `${text}\n${sentContent(b, i)}` : text;
}

/** The context files a COPY/ADD sends (after .dockerignore), the ones the variant edits with their new text. */
function sentContent(b: Build, i: Instruction): string {
  const ignore = dockerignoreLib.default().add((b.files['.dockerignore'] ?? '').split(/\r?\n/).map((l) => l.trim()).filter((l) => l && !l.startsWith('#')));
  const sent = [...new Set(copySources(i).flatMap((s) => sentBy(s, b.paths)))].filter((p) => !ignore.ignores(p)).sort();
  return digest(sent.map((p) => (b.edited.has(p) ? `${p}=${b.files[p] ?? ''}` : p)).join('\n'));
}

function commonPrefix(a: string[], b: string[]): number {
  let n = 0;
  while (n < a.length && n < b.length && a[n] === b[n]) n++;
  return n;
}

function label(s: Stage): string {
  return s.name ?? String(s.index);
}

function digest(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}
