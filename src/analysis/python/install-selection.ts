// Which of a manifest's declarations an install command installs, from its flags: poetry's groups (--with,
// --without, --only, --no-dev, optional groups, extras), uv's default groups (--no-dev, --group, --only-group,
// --all-groups, --no-default-groups, --extra), pipenv's [dev-packages] (--dev), and pip's extras (`.[a,b]`).
import type { Declared } from './manifest-deps.js';
import { readToml, stringItems } from './toml.js';

/** The values a repeatable option takes (`--without dev,test --without=docs` → dev, test, docs). */
export function optionValues(words: string[], names: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    const eq = names.find((n) => n.startsWith('--') && w.startsWith(`${n}=`));
    const value = eq ? w.slice(eq.length + 1) : names.includes(w) ? words[++i] : undefined;
    if (value !== undefined) out.push(...value.replace(/^["']|["']$/g, '').split(/[,\s]+/).filter(Boolean));
  }
  return out;
}

const has = (words: string[], ...flags: string[]) => words.some((w) => flags.includes(w));
/** An option value that is a variable (`--with ${DEVICE}`): it may name any group. */
const ANY = '*';
const values = (words: string[], names: string[]) => optionValues(words, names).map((v) => (v.includes('$') ? ANY : v));

/** Words that are variables standing alone (`uv sync $FLAGS`), not an option's value: they may be any flags. */
export function bareVariables(words: string[], valueOptions: string[]): string[] {
  return words.filter((w, i) => w.startsWith('$') && !valueOptions.includes(words[i - 1] ?? ''));
}

/** Environment variables the installers read instead of flags (ENV/ARG values at the RUN). */
export type EnvLookup = (name: string) => string | null;
const truthy = (v: string | null) => v !== null && !/^(|0|false|no|off)$/i.test(v.trim());

/** `poetry install` (words from `install` on): main, the non-optional groups, minus --without, plus --with; or only --only's. */
export function poetrySelects(words: string[]): (d: Declared) => boolean {
  if (has(words, '--only-root')) return () => false;
  const only = new Set(values(words, ['--only']));
  const without = new Set(optionValues(words, ['--without']));
  const withGroups = new Set(values(words, ['--with']));
  const noDev = has(words, '--no-dev');
  const extras = new Set(values(words, ['-E', '--extras']));
  const allExtras = has(words, '--all-extras');
  return (d) => {
    if (d.group === 'build-system') return false;
    if (d.group?.startsWith('extra:')) return allExtras || extras.has(ANY) || extras.has(d.group.slice(6));
    const group = d.group ?? 'main';
    if (d.group === null && d.optional) return allExtras || extras.size > 0; // an optional dependency comes with an extra
    if (without.has(group) || (noDev && group === 'dev')) return false;
    if (only.size > 0) return only.has(group) || only.has(ANY);
    return !d.optional || withGroups.has(group) || withGroups.has(ANY);
  };
}

/** `uv sync`: the project's dependencies plus the default groups (`tool.uv.default-groups`, else dev), as the flags change them. */
export function uvSyncSelects(words: string[], pyproject: string, env: EnvLookup = () => null): (d: Declared) => boolean {
  const defaults = uvDefaultGroups(pyproject);
  const onlyGroups = new Set(values(words, ['--only-group']));
  const onlyDev = has(words, '--only-dev');
  const groups = new Set([
    ...(has(words, '--no-default-groups') || truthy(env('UV_NO_DEFAULT_GROUPS')) ? [] : defaults),
    ...values(words, ['--group']),
  ]);
  if (has(words, '--no-dev') || (truthy(env('UV_NO_DEV')) && !has(words, '--dev'))) groups.delete('dev');
  const noGroups = new Set(optionValues(words, ['--no-group']));
  const allGroups = has(words, '--all-groups');
  const extras = new Set(values(words, ['--extra']));
  const allExtras = has(words, '--all-extras');
  return (d) => {
    if (d.group === 'build-system') return false;
    if (d.group === null) return onlyGroups.size === 0 && !onlyDev;
    if (d.group.startsWith('extra:')) return onlyGroups.size === 0 && !onlyDev && (allExtras || extras.has(ANY) || extras.has(d.group.slice(6)));
    if (noGroups.has(d.group)) return false;
    if (onlyDev) return d.group === 'dev';
    if (onlyGroups.size > 0) return onlyGroups.has(d.group) || onlyGroups.has(ANY);
    return allGroups || groups.has(d.group) || groups.has(ANY);
  };
}

/** `tool.uv.default-groups` (every group for "all"), else ["dev"]. */
function uvDefaultGroups(pyproject: string): string[] {
  const doc = readToml(pyproject);
  const entry = doc.tables.get('tool.uv')?.find((e) => e.key === 'default-groups');
  if (!entry) return ['dev'];
  if (/^["']all["']$/.test(entry.value)) return (doc.tables.get('dependency-groups') ?? []).map((e) => e.key);
  return stringItems(entry).map((i) => i.text);
}

/** `pipenv install|sync` without package arguments: [packages], and [dev-packages] with --dev. */
export function pipenvSelects(words: string[], env: EnvLookup = () => null): (d: Declared) => boolean {
  const dev = has(words, '--dev', '-d') || truthy(env('PIPENV_DEV'));
  return (d) => d.group === null || (dev && d.group === 'dev');
}

/** `pip install .[a,b]` and `uv pip install -r pyproject.toml`: the project's dependencies and the extras named. */
export function projectSelects(extras: string[], backend: 'project' | 'poetry'): (d: Declared) => boolean {
  const wanted = new Set(extras);
  return (d) => {
    if (d.group?.startsWith('extra:')) return wanted.has(d.group.slice(6));
    if (backend === 'poetry' && d.group === null && d.optional) return wanted.size > 0;
    return d.group === null;
  };
}
