// `dflab doctor [DIR]`: is everything a trial needs here? One line per part, and a fix for each missing one. With a
// project, also the bases its variants build FROM: those neither local nor pullable, and the variants that a run
// would therefore report `base-unavailable`.
import { buildxInfo } from '../engine/buildx.js';
import { engineInfo, inspectImage, pingEngine, pullableWhyNot } from '../engine/docker.js';
import { LOCAL_REGISTRY, registryAnswers } from '../engine/registry.js';
import { baseImageUses, type BaseImageUse } from '../plan/index.js';
import { ORIGINAL } from '../results.js';
import { planTrial, type Selection } from '../run/selection.js';

export const LAB_BASES = ['debian:trixie-slim', 'debian:trixie', 'buildpack-deps:trixie', 'python:3.13', 'python:3.13-slim'];

/** `warn`: the trial runs, but some of its variants will not (their base cannot be had). */
export interface Check { name: string; ok: boolean; warn?: boolean; detail: string; fix?: string }
export interface DoctorReport { ok: boolean; checks: Check[] }

const ENGINE_FIX = 'bash scripts/engine-up.sh (installs and starts dockerd, buildx, the registry and base images)';

/** `project`: the project dir (and its Dockerfile choice) whose variants' bases to check too. */
export async function doctor(builder?: string, project?: { dir: string; selection: Selection }): Promise<DoctorReport> {
  const checks: Check[] = [];
  const down = await pingEngine();
  if (down) {
    checks.push({ name: 'engine', ok: false, detail: `no answer: ${down}`, fix: ENGINE_FIX });
  } else {
    const e = await engineInfo();
    checks.push({ name: 'engine', ok: true, detail: `Docker ${e.docker} (API ${e.apiVersion}), storage ${e.storageDriver}${e.containerdStore ? ' (containerd image store)' : ''}` });
  }
  const bx = await buildxInfo(builder);
  checks.push('error' in bx
    ? { name: 'buildx', ok: false, detail: bx.error, fix: builder ? `docker buildx ls (is "${builder}" a builder?)` : ENGINE_FIX }
    : { name: 'buildx', ok: true, detail: `buildx ${bx.version}, builder "${bx.builder}" (${bx.driver} driver)` });
  const reg = await registryAnswers();
  checks.push(reg === null
    ? { name: 'registry', ok: true, detail: `answering on ${LOCAL_REGISTRY}` }
    : { name: 'registry', ok: false, detail: `${LOCAL_REGISTRY}: ${reg}`, fix: ENGINE_FIX });
  const uses = project ? await projectBases(project) : [];
  if (!down) {
    for (const ref of LAB_BASES.filter((b) => !uses.some((u) => u.image === b))) checks.push(await labBase(ref));
    for (const use of uses) checks.push(await projectBase(use));
  }
  return { ok: checks.every((c) => c.ok), checks };
}

async function projectBases({ dir, selection }: { dir: string; selection: Selection }): Promise<BaseImageUse[]> {
  const { plan, loaded, config } = await planTrial(dir, selection);
  return baseImageUses(plan.variants, loaded.project.dockerfile.target, config.buildArgs);
}

async function labBase(ref: string): Promise<Check> {
  const img = await inspectImage(ref);
  return img === null
    ? { name: `base ${ref}`, ok: false, detail: 'missing', fix: `docker pull ${ref}, or ${ENGINE_FIX}` }
    : { name: `base ${ref}`, ok: true, detail: img.labels['dflab.standin'] === 'true' ? 'local stand-in (offline lab)' : 'real image' };
}

/** A base the project's variants use: local, pullable, or missing — then its variants will be base-unavailable (a failure when the original is one). */
async function projectBase({ image, variants }: BaseImageUse): Promise<Check> {
  const name = `base ${image}`;
  const usedBy = `used by ${variants.join(', ')}`;
  const img = await inspectImage(image);
  if (img) return { name, ok: true, detail: `${img.labels['dflab.standin'] === 'true' ? 'local stand-in' : 'local'}, ${usedBy}` };
  const why = await pullableWhyNot(image);
  if (why === null) return { name, ok: true, detail: `not local, pullable; ${usedBy}` };
  return {
    name, ok: !variants.includes(ORIGINAL), warn: true,
    detail: `missing: not local, and not pullable (${why}); base-unavailable: ${variants.join(', ')}`,
    fix: `docker pull ${image} (or docker load it) before the run${variants.includes(ORIGINAL) ? '' : '; the other variants run without it'}`,
  };
}

export function formatDoctor(report: DoctorReport): string {
  const status = (c: Check) => (!c.ok ? 'FAIL' : c.warn ? 'warn' : 'ok  ');
  const lines = report.checks.map((c) => `${status(c)} ${c.name.padEnd(28)} ${c.detail}${c.fix ? `\n     fix: ${c.fix}` : ''}`);
  const warned = report.checks.some((c) => c.ok && c.warn);
  lines.push(!report.ok ? 'some parts are missing: see the fixes above' : warned ? 'everything dflab needs is here; some variants will be base-unavailable (see warn)' : 'everything dflab needs is here');
  return lines.join('\n');
}
