// Finding the Dockerfile as projects are laid out: DIR or a Dockerfile path on the command line, `-f` (like
// `docker build -f`), a Compose file's `build:` entries (`--service`), or the candidates a project without a plain
// `Dockerfile` holds, named so the user can pick one.
import { readdir, readFile, stat } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { COMPOSE_FILE_NAMES, isRemoteContext, parseComposeBuilds, type ComposeBuild } from '../config/compose.js';
import { closest } from '../config/issues.js';
import type { DflabConfig } from '../config/index.js';
import { UserError } from '../errors.js';

/** The project as the command line names it: DIR (the project) and, when given, the Dockerfile (absolute). */
export interface ProjectArgument { dir: string; file?: string }

/**
 * DIR may be the project directory or a Dockerfile in it (then DIR is its parent); `-f` is relative to the current
 * directory, as in `docker build`, and the context stays DIR. A path that does not exist says so.
 */
export async function projectArgument(arg: string, file?: string): Promise<ProjectArgument> {
  const kind = await pathKind(arg);
  if (kind === null) throw new UserError(`no such directory: ${arg}`, { hint: 'give the project directory (or its Dockerfile); the current directory is the default' });
  if (file !== undefined && await pathKind(file) !== 'file') {
    throw new UserError(`-f ${file}: no such file`, { hint: `-f is relative to the current directory (${process.cwd()}), as in docker build` });
  }
  if (kind === 'dir') return { dir: resolve(arg), ...(file !== undefined ? { file: resolve(file) } : {}) };
  if (file !== undefined) throw new UserError(`${arg} is a file and -f ${file} names another Dockerfile`, { hint: 'give DIR and -f, or only the Dockerfile\'s path' });
  return { dir: dirname(resolve(arg)), file: resolve(arg) };
}

export interface Choice { file?: string; service?: string }

/**
 * The config with the Dockerfile chosen: `-f` as given (applied by the caller), `--service` from the Compose file,
 * else dflab.yaml's `dockerfile:` (default `Dockerfile`) when it is there; otherwise a UserError naming what the
 * project does hold (Compose services, Dockerfile-like files) and how to pick one.
 */
export async function locateDockerfile(root: string, config: DflabConfig, choice: Choice): Promise<DflabConfig> {
  if (choice.service !== undefined && choice.file !== undefined) throw new UserError('-f and --service both choose the Dockerfile', { hint: 'give one of them' });
  if (choice.file !== undefined) return config;
  const compose = await readCompose(root);
  if (choice.service !== undefined) return withService(root, config, pickService(compose, choice.service, root));
  if (await pathKind(resolve(root, config.dockerfile)) === 'file') return config;
  const found = await candidates(root);
  const where = `no ${config.dockerfile} in ${display(root)}`;
  if (compose && compose.builds.length > 0) {
    const services = compose.builds.map((b) => `${b.service} (${describeBuild(b)})`).join(', ');
    throw new UserError(`${where}; ${compose.file} builds ${services}`, {
      hint: `pick a service with --service ${compose.builds[0]!.service}${found.length ? `, or a Dockerfile with -f (${found.join(', ')})` : ''}`,
    });
  }
  if (found.length > 0) {
    throw new UserError(`${where}; found ${found.join(', ')}`, { hint: `pick one with -f, e.g. -f ${display(join(root, found[0]!))} (or set \`dockerfile:\` in dflab.yaml)` });
  }
  return config; // loadProject says there is no Dockerfile
}

function describeBuild(b: ComposeBuild): string {
  return [`context ${b.context}`, ...(b.dockerfile !== 'Dockerfile' ? [`dockerfile ${b.dockerfile}`] : []), ...(b.target ? [`target ${b.target}`] : [])].join(', ');
}

function pickService(compose: { file: string; builds: ComposeBuild[] } | null, service: string, root: string): ComposeBuild {
  if (!compose) throw new UserError(`--service ${service}: no Compose file in ${display(root)}`, { hint: `looked for ${COMPOSE_FILE_NAMES.join(', ')}; without one, choose the Dockerfile with -f` });
  const found = compose.builds.find((b) => b.service === service);
  if (found) return found;
  const names = compose.builds.map((b) => b.service);
  const guess = closest(service, names);
  throw new UserError(`--service ${service}: no such service with a build: entry in ${compose.file}${guess ? `; did you mean "${guess}"?` : ''}`, {
    hint: names.length ? `services that build: ${names.join(', ')}` : 'no service there has a build: entry; choose the Dockerfile with -f',
  });
}

/** The service's context, Dockerfile and target; its build args under dflab.yaml's (which win). */
function withService(root: string, config: DflabConfig, b: ComposeBuild): DflabConfig {
  if (isRemoteContext(b.context)) throw new UserError(`--service ${b.service}: its context ${b.context} is not a local directory`, { hint: 'choose a local Dockerfile with -f' });
  const context = resolve(root, b.context);
  return {
    ...config, context, dockerfile: resolve(context, b.dockerfile), target: b.target ?? config.target,
    buildArgs: { ...b.args, ...config.buildArgs },
  };
}

async function readCompose(root: string): Promise<{ file: string; builds: ComposeBuild[] } | null> {
  for (const file of COMPOSE_FILE_NAMES) {
    const text = await readFile(join(root, file), 'utf8').catch(() => null);
    if (text !== null) return { file, builds: parseComposeBuilds(text, display(join(root, file))) };
  }
  return null;
}

/** Dockerfile, Dockerfile.prod, Dockerfile-dev, prod.Dockerfile, Containerfile … (not *.dockerignore). */
const DOCKERFILE_NAME = /^(?:(?:docker|container)file(?:[.-].+)?|.+\.(?:docker|container)file)$/i;
const SKIPPED_DIRS = new Set(['node_modules', '__pycache__', 'venv']);

/** Dockerfile-like files in the project dir, then in the directories right below it, relative to it. */
async function candidates(root: string): Promise<string[]> {
  const entries = (await readdir(root, { withFileTypes: true }).catch(() => [])).sort((a, b) => a.name.localeCompare(b.name));
  const found = entries.filter((e) => e.isFile() && isDockerfileName(e.name)).map((e) => e.name);
  for (const d of entries.filter((e) => e.isDirectory() && !e.name.startsWith('.') && !SKIPPED_DIRS.has(e.name))) {
    const inner = await readdir(join(root, d.name), { withFileTypes: true }).catch(() => []);
    found.push(...inner.filter((f) => f.isFile() && isDockerfileName(f.name)).map((f) => `${d.name}/${f.name}`).sort());
  }
  return found;
}

function isDockerfileName(name: string): boolean {
  return DOCKERFILE_NAME.test(name) && !name.toLowerCase().endsWith('.dockerignore');
}

async function pathKind(p: string): Promise<'file' | 'dir' | null> {
  const s = await stat(p).catch(() => null);
  return s === null ? null : s.isDirectory() ? 'dir' : 'file';
}

/** Relative to the current directory when below it, else absolute. */
function display(p: string): string {
  const rel = relative(process.cwd(), p);
  return rel === '' ? '.' : rel.startsWith('..') || isAbsolute(rel) ? p : rel;
}
