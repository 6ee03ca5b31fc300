// `dflab doctor`: is everything a trial needs here? One line per part, and a fix for each missing one.
import { buildxInfo } from '../engine/buildx.js';
import { engineInfo, inspectImage, pingEngine } from '../engine/docker.js';
import { LOCAL_REGISTRY, registryAnswers } from '../engine/registry.js';

export const LAB_BASES = ['debian:trixie-slim', 'debian:trixie', 'buildpack-deps:trixie', 'python:3.13', 'python:3.13-slim'];

export interface Check { name: string; ok: boolean; detail: string; fix?: string }
export interface DoctorReport { ok: boolean; checks: Check[] }

const ENGINE_FIX = 'bash scripts/engine-up.sh (installs and starts dockerd, buildx, the registry and base images)';

export async function doctor(builder?: string): Promise<DoctorReport> {
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
  if (!down) {
    for (const ref of LAB_BASES) {
      const img = await inspectImage(ref);
      checks.push(img === null
        ? { name: `base ${ref}`, ok: false, detail: 'missing', fix: `docker pull ${ref}, or ${ENGINE_FIX}` }
        : { name: `base ${ref}`, ok: true, detail: img.labels['dflab.standin'] === 'true' ? 'local stand-in (offline lab)' : 'real image' });
    }
  }
  return { ok: checks.every((c) => c.ok), checks };
}

export function formatDoctor(report: DoctorReport): string {
  const lines = report.checks.map((c) => `${c.ok ? 'ok  ' : 'FAIL'} ${c.name.padEnd(28)} ${c.detail}${c.fix ? `\n     fix: ${c.fix}` : ''}`);
  lines.push(report.ok ? 'everything dflab needs is here' : 'some parts are missing: see the fixes above');
  return lines.join('\n');
}
