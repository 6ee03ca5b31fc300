// Dev-only dependency groups an install brings in, left out by the installer's own flag instead of by editing the
// manifest (which would put it out of step with its lock file): `poetry install --without dev,test` (`--no-dev`
// before poetry 1.2), `uv sync --no-dev` / `--no-group X`, `pipenv install` without `--dev`. A group goes whole or
// not at all: only when every member of it would be pruned.
import type { DockerfileModel, Instruction, Stage, TextEdit } from '../../dockerfile/index.js';
import { commandsRun } from '../../analysis/python/commands-run.js';
import { envSetting } from '../../analysis/stage/stage-env.js';
import type { Project } from '../types.js';
import type { ManifestInstall } from '../../analysis/python/declared.js';
import type { Declared } from '../../analysis/python/manifest-deps.js';
import { offsetAfter } from '../../analysis/shell/run-script.js';
import { removeArgs } from '../../analysis/shell/script-edit.js';
import { conditionalRun, prunes, record, type Decider } from './decide.js';

const GROUP_TOOLS = new Set(['poetry', 'uv-sync', 'pipenv']);

export function pruneGroups(p: Project, stages: Stage[], installs: ManifestInstall[], d: Decider): TextEdit[] {
  const model = p.dockerfile;
  const edits: TextEdit[] = [];
  const resync = uvRunSyncs(p, stages);
  const dropped = new Map<string, { names: string[]; flags: Set<string>; lines: number[] }>();
  for (const i of installs.filter((x) => GROUP_TOOLS.has(x.tool))) {
    const groups = devGroups(i.installs);
    if (groups.size === 0) continue;
    const line = i.instr.line;
    const why = i.cmd === null ? `an exec-form RUN (line ${line})`
      : i.unknown.length ? `the install on line ${line} reads ${i.unknown.join(', ')}`
        : conditionalRun(model, i.instr) ? `the install on line ${line} runs inside a shell conditional`
          : i.tool === 'uv-sync' && resync !== null ? `${resync.keyword} on line ${resync.line} runs \`uv run\`, which syncs the default groups back in` : null;
    if (why !== null) {
      d.leftAlone.push(`dev groups (${[...groups.keys()].join(', ')}) not left out: ${why}`);
      continue;
    }
    const verdicts = [...groups].map(([g, members]) => ({ g, members, stay: members.filter((m) => !prunes(d, m.name, true)) }));
    for (const v of verdicts.filter((x) => x.stay.length > 0 && x.stay.length < x.members.length)) {
      d.leftAlone.push(`the ${v.g} group of ${v.members[0]!.file} goes whole or not at all, and ${v.stay.map((m) => m.name).join(', ')} stay`);
    }
    const gone = verdicts.filter((x) => x.stay.length === 0).map((x) => [x.g, x.members] as const);
    if (gone.length === 0) continue;
    const edit = flagEdit(model, i, gone.map(([g]) => g));
    if ('why' in edit) {
      d.leftAlone.push(`dev groups (${gone.map(([g]) => g).join(', ')}) not left out: ${edit.why}`);
      continue;
    }
    edits.push(...edit.edits);
    for (const [g, members] of gone) {
      const key = `${g} group of ${members[0]!.file}`;
      const seen = dropped.get(key) ?? { names: [], flags: new Set<string>(), lines: [] };
      for (const m of members) if (!seen.names.includes(m.name)) seen.names.push(m.name);
      seen.flags.add(edit.flag);
      seen.lines.push(line);
      dropped.set(key, seen);
    }
  }
  for (const [key, x] of dropped) record(d, `${key}: ${[...x.flags].join(', ')} on ${x.lines.length === 1 ? 'line' : 'lines'} ${x.lines.join(', ')}`, x.names);
  return edits;
}

/** Installed dev-only declarations by group (manifests read twice, Pipfile and its lock, count once per name). */
function devGroups(installed: Declared[]): Map<string, Declared[]> {
  const out = new Map<string, Declared[]>();
  for (const x of installed.filter((x) => x.dev && x.group !== null)) {
    const members = out.get(x.group!) ?? [];
    if (!members.some((m) => m.name === x.name)) members.push(x);
    out.set(x.group!, members);
  }
  return out;
}

function flagEdit(model: DockerfileModel, i: ManifestInstall, groups: string[]): { edits: TextEdit[]; flag: string } | { why: string } {
  const cmd = i.cmd!;
  const words = i.words;
  const append = (flag: string) => ({ edits: [{ start: offsetAfter(cmd.part, cmd.end), end: offsetAfter(cmd.part, cmd.end), newText: ` ${flag}` }], flag: `\`${flag}\`` });
  if (i.tool === 'pipenv') {
    const dev = cmd.at.filter((w) => w.text === '--dev' || w.text === '-d');
    return { edits: removeArgs(model, cmd, dev), flag: 'no --dev' };
  }
  if (i.tool === 'poetry') {
    const old = poetryBefore12(model.text);
    if (old && groups.some((g) => g !== 'dev')) return { why: `poetry before 1.2 has no --without (groups ${groups.join(', ')})` };
    return append(old ? '--no-dev' : `--without ${groups.join(',')}`);
  }
  const explicit = words.find((w) => /^--(dev|only-dev|all-groups)$|^--group(=|$)/.test(w));
  if (explicit) return { why: `\`uv sync ${explicit}\` asks for the groups on purpose` };
  return append(groups.map((g) => (g === 'dev' ? '--no-dev' : `--no-group ${g}`)).join(' '));
}

/** The first `uv run` the image runs that syncs the environment (no --no-sync or --no-dev, no UV_NO_SYNC or UV_NO_DEV). */
function uvRunSyncs(p: Project, stages: Stage[]): Instruction | null {
  const set = (instr: Instruction, name: string) => !/^(|0|false|no|off)$/i.test(envSetting(p.dockerfile, instr, name)?.value ?? '');
  const run = commandsRun(p, stages).find(({ cmd, instr }) => cmd.name === 'uv' && cmd.words[1] === 'run'
    && !cmd.words.some((w) => w === '--no-sync' || w === '--no-dev' || w.startsWith('--only-group')) && !set(instr, 'UV_NO_SYNC') && !set(instr, 'UV_NO_DEV'));
  return run?.instr ?? null;
}

/** True when the Dockerfile pins poetry below 1.2 (`pip install poetry==1.1.13`, POETRY_VERSION for the official installer). */
function poetryBefore12(text: string): boolean {
  const pin = /\bpoetry(?:\[[^\]]*\])?\s*==\s*(\d+)\.(\d+)/.exec(text)
    ?? (/\$\{?POETRY_VERSION\b|install\.python-poetry\.org|get-poetry\.py/.test(text) ? /\bPOETRY_VERSION[= ]\s*["']?(\d+)\.(\d+)/.exec(text) : null);
  return pin !== null && (Number(pin[1]) < 1 || (Number(pin[1]) === 1 && Number(pin[2]) < 2));
}
