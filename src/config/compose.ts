// The `build:` entries of a Compose file (compose.yaml, docker-compose.yml …), so a project laid out for
// `docker compose` can be tried one service at a time (`--service NAME`). Pure: the caller reads the file.
import { parseDocument } from 'yaml';
import { UserError } from '../errors.js';

/** Compose's own order of preference for the file's name. */
export const COMPOSE_FILE_NAMES = ['compose.yaml', 'compose.yml', 'docker-compose.yaml', 'docker-compose.yml'] as const;

export interface ComposeBuild {
  service: string;
  /** The build context, as written (relative to the Compose file's directory); "." when the entry gives none. */
  context: string;
  /** The Dockerfile, relative to the context, as Compose reads it; "Dockerfile" when the entry gives none. */
  dockerfile: string;
  target?: string;
  args: Record<string, string>;
}

/** Every service with a `build:` entry, in the file's order; services that only pull an `image:` are left out. */
export function parseComposeBuilds(text: string, file: string): ComposeBuild[] {
  const doc = parseDocument(text, { prettyErrors: true });
  const error = doc.errors[0];
  if (error) {
    const pos = error.linePos?.[0];
    throw new UserError(`invalid YAML: ${error.message.split('\n')[0]}`, { where: pos ? `${file}:${pos.line}:${pos.col}` : file, hint: 'fix the Compose file, or choose the Dockerfile with -f' });
  }
  const services = (doc.toJS() as { services?: unknown } | null)?.services;
  if (!isMapping(services)) return [];
  return Object.entries(services).flatMap(([service, entry]) => {
    const build = isMapping(entry) ? entry['build'] : undefined;
    if (typeof build === 'string') return [{ service, context: build, dockerfile: 'Dockerfile', args: {} }];
    if (!isMapping(build) || build['dockerfile_inline'] !== undefined) return [];
    const target = typeof build['target'] === 'string' ? build['target'] : undefined;
    return [{
      service,
      context: typeof build['context'] === 'string' ? build['context'] : '.',
      dockerfile: typeof build['dockerfile'] === 'string' ? build['dockerfile'] : 'Dockerfile',
      ...(target ? { target } : {}),
      args: buildArgs(build['args']),
    }];
  });
}

/** `args:` as a mapping (`A: 1`) or a list (`- A=1`); a name without a value takes it from the environment, which dflab does not. */
function buildArgs(args: unknown): Record<string, string> {
  const pairs: [string, unknown][] = Array.isArray(args)
    ? args.flatMap((a) => (typeof a === 'string' && a.includes('=') ? [[a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] as [string, unknown]] : []))
    : isMapping(args) ? Object.entries(args) : [];
  return Object.fromEntries(pairs.filter(([, v]) => v !== null && v !== undefined).map(([k, v]) => [k, String(v)]));
}

function isMapping(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A context Compose fetches (a git or HTTP URL) rather than a local directory. */
export function isRemoteContext(context: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(context) || context.startsWith('git@');
}
