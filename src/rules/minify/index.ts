// minify: keep only the files the original image touched while its smoke probes ran (traced by dflab run),
// FROM scratch. The project's Dockerfile stays as it is; two stages are appended: a pick stage that copies the
// kept paths of the built target stage with tar (symlinks stay symlinks, modes and owners stay; COPY --from
// follows a source symlink, so it cannot carry /lib -> usr/lib), and a FROM scratch stage that copies the result
// in one layer and says again how the image runs (env, workdir, user, entrypoint, cmd).
// The pick stage runs on the target stage itself when the traced image has a shell and GNU tar: BuildKit starts a
// RUN that bind-mounts a large stage seconds late (~2.8 s for python:3.13's tree, on every build and edit-rebuild;
// as the RUN's own root it costs nothing). Without them (distroless, busybox) it runs on debian:trixie-slim and
// reads the target stage through a bind mount.
import { finalStage, type DockerfileModel } from '../../dockerfile/index.js';
import type { MinifyEvidence } from '../../analysis/project.js';
import { reason } from '../../reasons.js';
import { defineRule, type Analysis } from '../define.js';
import type { Project, Rule } from '../types.js';

export const KEEP_FILE = '.dflab-minify.keep';
const SOURCE_STAGE = 'dflab-minify-src';
const PICK_STAGE = 'dflab-minify-pick';
/** Where the pick stage gathers the kept files when it runs on the target stage (whose own /out may exist). */
const PICK_DIR = '/dflab-minify';
/** Mounted by the engine into every container, a build step's too: a RUN on the image would read the builder's
 *  (its DNS servers among them), never the image's. A container of the minified image gets the runtime's own. */
const ENGINE_MOUNTED = new Set(['etc/hosts', 'etc/resolv.conf', 'etc/hostname']);
/** Any image with GNU tar: the pick stage's tools never reach the final image. */
export const PICK_BASE = 'debian:trixie-slim';

export const minify: Rule = defineRule('minify', 'keep only the files the smoke test touched (traced inside containers), FROM scratch', analyse, { evidence: 'minify-trace' });

type Traced = Extract<MinifyEvidence, { ok: true }>;

function analyse(p: Project): Analysis {
  const evidence = p.minifyTrace;
  if (!evidence) return { ok: false, reason: reason('minify-no-trace', 'the smoke test was not traced: `dflab run` traces it in the built original image (`dflab plan` builds nothing)') };
  if (!evidence.ok) return { ok: false, reason: reason('minify-no-trace', evidence.reason) };
  const model = p.dockerfile;
  const stage = finalStage(model);
  const edits = [];
  let source = stage.name;
  if (source === null) {
    source = SOURCE_STAGE;
    edits.push({ start: stage.baseImageRange.end, end: stage.baseImageRange.end, newText: ` AS ${SOURCE_STAGE}` });
  }
  const eol = model.eol;
  const tail = model.text.length > 0 && !model.text.endsWith('\n') ? eol : '';
  edits.push({ start: model.text.length, end: model.text.length, newText: `${tail}${eol}${stages(model, source, evidence).join(eol)}${eol}` });
  return {
    ok: true,
    edits: {
      dockerfile: edits,
      files: [{ path: KEEP_FILE, newText: `${keepList(evidence).join('\n')}\n` }],
      notes: [
        `keeps only the ${evidence.keep.length} paths the ${evidence.probes === 1 ? 'smoke probe' : `${evidence.probes} smoke probes`} touched (${KEEP_FILE}): code paths the smoke test does not exercise may be missing — list more probes under smoke: or paths under minify.keep in dflab.yaml`,
        'no shell or package manager is left in the image',
      ],
    },
  };
}

/**
 * The kept paths as the keep file lists them. On the target stage itself: not what the engine mounts at run time,
 * and a path that starts with `-` as `./-…` — the image's tar may predate --verbatim-files-from (GNU tar 1.29;
 * Amazon Linux 2 has 1.26), and without it a newer tar reads such a line as an option.
 */
function keepList(e: Traced): string[] {
  return e.tools ? e.keep.filter((p) => !ENGINE_MOUNTED.has(p)).map((p) => (p.startsWith('-') ? `./${p}` : p)) : e.keep;
}

/** The pick stage, and the directory it leaves the kept files in. */
function pickStage(model: DockerfileModel, source: string, e: Traced): { lines: string[]; dir: string } {
  if (e.tools) {
    const { shell, tar } = e.tools;
    const keep = `${PICK_DIR}.keep`;
    // Exec form: the target stage's SHELL may be anything. USER 0: its USER may not read every kept file.
    const script = `${tar} -C / --no-recursion -T ${keep} -cf - | ${tar} -xpf -`;
    return {
      dir: PICK_DIR,
      lines: [
        `FROM ${source} AS ${PICK_STAGE}`,
        'USER 0',
        `WORKDIR ${PICK_DIR}`,
        `RUN --mount=type=bind,source=${KEEP_FILE},target=${keep} ${JSON.stringify([shell, '-c', script])}`,
      ],
    };
  }
  return {
    dir: '/out',
    lines: [
      `FROM ${PICK_BASE} AS ${PICK_STAGE}`,
      `RUN --mount=type=bind,from=${source},target=/src --mount=type=bind,source=${KEEP_FILE},target=/keep ${model.escapeChar}`,
      `    mkdir /out && tar -C /src --no-recursion --verbatim-files-from -T /keep -cf - | tar -C /out -xpf -`,
    ],
  };
}

function stages(model: DockerfileModel, source: string, e: Traced): string[] {
  const run = e.run;
  const pick = pickStage(model, source, e);
  return [
    `# minify (dflab): only the files the smoke test touched, listed in ${KEEP_FILE}`,
    ...pick.lines,
    'FROM scratch',
    `COPY --from=${PICK_STAGE} ${pick.dir}/ /`,
    ...run.env.map((kv) => envLine(kv)).filter((l): l is string => l !== null),
    ...(run.workdir ? [`WORKDIR ${run.workdir}`] : []),
    ...(run.user ? [`USER ${run.user}`] : []),
    ...run.exposedPorts.map((p) => `EXPOSE ${p}`),
    ...(run.entrypoint.length ? [`ENTRYPOINT ${JSON.stringify(run.entrypoint)}`] : []),
    ...(run.cmd.length ? [`CMD ${JSON.stringify(run.cmd)}`] : []),
  ];
}

/** `K=V` → `ENV K="V"`, quoted so that `$`, spaces and quotes stay as they are. */
function envLine(kv: string): string | null {
  const at = kv.indexOf('=');
  if (at <= 0) return null;
  const value = kv.slice(at + 1).replace(/[\\"$]/g, (c) => `\\${c}`);
  return `ENV ${kv.slice(0, at)}="${value}"`;
}
