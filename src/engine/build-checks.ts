// BuildKit's own build checks (`docker buildx build --call=check,format=json`, buildx 0.15+ with the
// Dockerfile frontend 1.8+): the rules BuildKit itself enforces, located at Dockerfile lines. Nothing is built.
// The JSON is BuildKit's LintResults (frontend/subrequests/lint): warnings[] with ruleName, description, url,
// detail and location.ranges, sources[], and buildError when the Dockerfile does not parse.
import { z } from 'zod';
import { parseBuildxVersion } from './buildx.js';
import { pingEngine } from './docker.js';
import { exec } from './exec.js';

export interface BuildKitFinding {
  /** BuildKit's rule name (typed value to match on): "JSONArgsRecommended", "FromAsCasing", … */
  rule: string;
  description: string;
  detail: string;
  url: string | null;
  /** 1-based first line of each range the finding points at (empty when BuildKit gives no location). */
  lines: number[];
}

export type SkipCode = 'not-asked' | 'engine-unreachable' | 'buildx-too-old' | 'check-failed';
export type BuildChecksOutcome =
  | { ran: true; findings: BuildKitFinding[]; buildError: string | null }
  | { ran: false; code: SkipCode; reason: string };

/** The first buildx with `--call`; older ones (0.13, 0.14) only have the experimental `--print`. */
export const MIN_BUILDX = [0, 15] as const;

const position = z.object({ line: z.number().optional() }).passthrough();
const location = z.object({ ranges: z.array(z.object({ start: position.optional(), end: position.optional() }).passthrough()).optional() }).passthrough();
const lintResults = z.object({
  warnings: z.array(z.object({
    ruleName: z.string(),
    description: z.string().optional(),
    url: z.string().optional(),
    detail: z.string().optional(),
    location: location.nullable().optional(),
  }).passthrough()).nullable().optional(),
  buildError: z.object({ message: z.string() }).passthrough().nullable().optional(),
}).passthrough();

/** Pure: BuildKit's LintResults JSON → our findings, in BuildKit's order. Throws on anything else. */
export function parseCheckResults(text: string): { findings: BuildKitFinding[]; buildError: string | null } {
  const parsed = lintResults.parse(JSON.parse(text));
  const findings = (parsed.warnings ?? []).map((w) => ({
    rule: w.ruleName,
    description: w.description ?? '',
    detail: w.detail ?? '',
    url: w.url ?? null,
    lines: (w.location?.ranges ?? []).flatMap((r) => (r.start?.line ? [r.start.line] : [])),
  }));
  return { findings, buildError: parsed.buildError?.message ?? null };
}

export function buildChecksArgs(dockerfile: string, contextDir: string, builder?: string): string[] {
  return ['buildx', 'build', ...(builder ? ['--builder', builder] : []), '--call=check,format=json', '-f', dockerfile, contextDir];
}

/** "0.13.1+ds1" → false, "0.15.0" / "v0.17.1" → true. */
export function buildxHasCall(version: string): boolean {
  const m = /^v?(\d+)\.(\d+)/.exec(version);
  if (!m) return false;
  const [major, minor] = [Number(m[1]), Number(m[2])];
  return major > MIN_BUILDX[0] || (major === MIN_BUILDX[0] && minor >= MIN_BUILDX[1]);
}

export interface BuildChecksOptions {
  builder?: string;
  signal?: AbortSignal;
  /** buildx's version when the caller knows it (a run asked at its start): not asked again. */
  buildx?: string;
}

async function installedBuildx(signal?: AbortSignal): Promise<string> {
  const version = await exec('docker', ['buildx', 'version'], { signal });
  return version.exitCode === 0 ? parseBuildxVersion(version.stdout) : 'not installed';
}

/** Runs the checks on one Dockerfile; every way it cannot run is an outcome with a reason, never a throw. */
export async function runBuildChecks(dockerfile: string, contextDir: string, opts: BuildChecksOptions = {}): Promise<BuildChecksOutcome> {
  const down = await pingEngine();
  if (down) return { ran: false, code: 'engine-unreachable', reason: `the Docker engine does not answer (${down})` };
  const buildx = opts.buildx ?? await installedBuildx(opts.signal);
  if (!buildxHasCall(buildx)) {
    return { ran: false, code: 'buildx-too-old', reason: `buildx ${buildx} has no --call=check (buildx ${MIN_BUILDX.join('.')}+ and BuildKit's Dockerfile frontend 1.8+ have it)` };
  }
  const run = await exec('docker', buildChecksArgs(dockerfile, contextDir, opts.builder), { signal: opts.signal });
  // buildx may exit non-zero when there are findings: the JSON on stdout decides, not the exit code alone.
  try {
    return { ran: true, ...parseCheckResults(run.stdout) };
  } catch {
    const tail = (run.spawnError ?? run.stderr.trim().split('\n').slice(-2).join(' ')) || `exit code ${run.exitCode}`;
    return { ran: false, code: 'check-failed', reason: `docker buildx build --call=check failed: ${tail}` };
  }
}
