// Step 3 of parsing: checks that involve more than one key, on a value that already has the right
// shape. They run before normalizing, so the normalized config can never be self-contradictory.
import { ALL_VARIANT } from '../results.js';
import type { ConfigIssue } from './issues.js';
import { ALL_WITH_IDS } from './rule-ids.js';
import type { RawConfig, RawSmoke } from './schema.js';

export function checkConfig(raw: RawConfig): ConfigIssue[] {
  return [...checkSmoke(raw.smoke), ...checkVariants(raw.variants ?? []), ...checkRules(raw.rules), ...checkSecrets(raw), ...checkRank(raw.rank)];
}

export function checkSmoke(smoke: RawSmoke | null | undefined): ConfigIssue[] {
  if (!smoke) return [];
  const hasCommand = smoke.command != null;
  const http = smoke.http;
  if (hasCommand && http) {
    return [{ path: 'smoke', message: 'has both command and http; a smoke test is either a command or an HTTP probe, not both' }];
  }
  if (!hasCommand && !http) return [{ path: 'smoke', message: 'needs either command (a command to run) or http (a probe)' }];
  const issues: ConfigIssue[] = [];
  if (http) {
    for (const key of ['expectExitCode', 'expectStdout'] as const) {
      if (smoke[key] != null) issues.push({ path: `smoke.${key}`, message: 'applies to a command smoke test only; an HTTP probe uses smoke.http.expectStatus and expectBody' });
    }
    const method = (http.method ?? 'GET').toUpperCase();
    if (http.body != null && (method === 'GET' || method === 'HEAD')) {
      issues.push({ path: 'smoke.http.body', message: `a ${method} request cannot carry a body; use method POST (or another) or drop the body` });
    }
  }
  return issues;
}

function checkVariants(variants: NonNullable<RawConfig['variants']>): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const seen = new Set<string>();
  variants.forEach((v, i) => {
    if (seen.has(v.name)) issues.push({ path: `variants[${i}].name`, message: `"${v.name}" is used by an earlier variant; names must be unique` });
    seen.add(v.name);
  });
  return issues;
}

/** Rules whose evidence-based declines rules.force can override. */
export const FORCEABLE = ['base-alpine'] as const;

function checkRules(rules: RawConfig['rules']): ConfigIssue[] {
  const include = new Set(rules?.include ?? []);
  const exclude = new Set(rules?.exclude ?? []);
  const mixed = (rules?.include ?? []).length > 1 ? (rules?.include ?? []).flatMap((id, i) => (id === ALL_VARIANT ? [{ path: `rules.include[${i}]`, message: ALL_WITH_IDS }] : [])) : [];
  const both = (rules?.exclude ?? []).flatMap((id, i) =>
    include.has(id) ? [{ path: `rules.exclude[${i}]`, message: `"${id}" is also in rules.include; keep it in one list` }] : []);
  const force = (rules?.force ?? []).flatMap((id, i) => {
    if (!(FORCEABLE as readonly string[]).includes(id)) return [{ path: `rules.force[${i}]`, message: `"${id}" cannot be forced; rules.force takes ${FORCEABLE.join(', ')}` }];
    return exclude.has(id) ? [{ path: `rules.force[${i}]`, message: `"${id}" is also in rules.exclude; an excluded rule is never planned` }] : [];
  });
  return [...mixed, ...both, ...force];
}

function checkSecrets(raw: RawConfig): ConfigIssue[] {
  const plain = raw.buildArgs ?? {};
  return (raw.secretBuildArgs ?? []).flatMap((name, i) =>
    Object.hasOwn(plain, name)
      ? [{ path: `secretBuildArgs[${i}]`, message: `${name} is also in buildArgs; a secret's value comes from the environment variable ${name}, never from dflab.yaml` }]
      : []);
}

function checkRank(rank: RawConfig['rank']): ConfigIssue[] {
  const weights = rank?.weights;
  if (!weights) return [];
  if (rank.objective != null) return [{ path: 'rank.weights', message: 'rank.objective is set too; give either an objective or weights, not both' }];
  const total = (weights.size ?? 0) + (weights.compressed ?? 0) + (weights.build ?? 0);
  return total > 0 ? [] : [{ path: 'rank.weights', message: 'needs at least one weight above 0 (size, compressed or build)' }];
}
