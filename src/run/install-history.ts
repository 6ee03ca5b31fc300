// Install steps of earlier runs on this machine (`~/.cache/dflab/install-seconds.json`, beside the step history): how
// many packages each named, how long it took and, when it logged, its fixed part (cold.ts), so a variant's new install
// step has a cost model even when the original never used that installer. The last KEPT observations are kept; an
// unreadable file is an empty history.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import type { InstallObservation } from '../predict/index.js';

const KEPT = 200;
const INSTALLERS = new Set(['apt', 'pip', 'apk', 'venv', 'files']);

export function installHistoryFile(): string {
  return join(process.env['XDG_CACHE_HOME'] ?? join(homedir(), '.cache'), 'dflab', 'install-seconds.json');
}

export async function loadInstallHistory(file = installHistoryFile()): Promise<InstallObservation[]> {
  const data = await readFile(file, 'utf8').then((t) => JSON.parse(t) as unknown).catch(() => []);
  return Array.isArray(data) ? data.filter(isObservation) : [];
}

/** Appends `seen` (already-known history first); a failure to write loses only the history. */
export async function saveInstallHistory(history: readonly InstallObservation[], seen: readonly InstallObservation[], file = installHistoryFile()): Promise<void> {
  if (seen.length === 0) return;
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, JSON.stringify([...history, ...seen].slice(-KEPT)));
}

function isObservation(x: unknown): x is InstallObservation {
  const o = x as Partial<InstallObservation> | null;
  return typeof o === 'object' && o !== null && INSTALLERS.has(String(o.installer))
    && typeof o.packages === 'number' && o.packages > 0 && typeof o.seconds === 'number' && o.seconds >= 0
    && (o.fixedSeconds === undefined || (typeof o.fixedSeconds === 'number' && o.fixedSeconds >= 0 && o.fixedSeconds <= o.seconds));
}
