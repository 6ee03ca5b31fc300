// Which context files the pure core needs to read, beyond the conventionally named manifests: every manifest a
// dependency install names (`-r requirements/base.txt`, `conda env create -f env.yml`, a local project's
// pyproject.toml/setup.py) and the files those include, and the scripts the image runs from the context (an
// ENTRYPOINT's docker-entrypoint.sh, `RUN ./build.sh`), so rules see what they run. Pure: the loader reads
// what this names, then asks again until nothing new is named.
import { parseJsonArray } from '../dockerfile/index.js';
import type { Instruction } from '../dockerfile/index.js';
import type { Project } from '../analysis/project.js';
import { manifestInstalls } from '../analysis/python/declared.js';
import { scriptPath } from '../analysis/python/commands-run.js';
import { execFormCommands, simpleCommands } from '../analysis/shell/shell.js';

/** Manifests (and pip's config) read by name wherever they are in the context. */
export const MANIFEST_NAME = /(^|\/)([^/]*requirements[^/]*\.(txt|in)|constraints[^/]*\.txt|\.dockerignore|pyproject\.toml|setup\.cfg|setup\.py|Pipfile|Pipfile\.lock|(environment|env|conda)[^/]*\.ya?ml|pip\.conf|pip\.ini|poetry\.toml)$/;

export interface WantedFile {
  path: string;
  kind: 'manifest' | 'script';
}

export function wantedFiles(p: Project): WantedFile[] {
  const out = new Map<string, WantedFile['kind']>();
  for (const install of manifestInstalls(p, p.dockerfile.stages)) for (const m of install.manifests) out.set(m, 'manifest');
  for (const instr of p.dockerfile.instructions) {
    for (const arg of scriptArgs(instr)) {
      const path = scriptPath(p, instr, arg);
      if (path !== null && !out.has(path)) out.set(path, 'script');
    }
  }
  return [...out].filter(([path]) => p.contextPaths.includes(path) && p.files[path] === undefined).map(([path, kind]) => ({ path, kind }));
}

/** Paths of scripts an instruction runs: a command written as a path (`./start.sh`, `/entrypoint.sh`), or `sh|bash FILE`. */
function scriptArgs(instr: Instruction): string[] {
  if (!['RUN', 'CMD', 'ENTRYPOINT', 'HEALTHCHECK'].includes(instr.keyword)) return [];
  const text = instr.keyword === 'HEALTHCHECK' ? instr.argsText.replace(/^CMD\s+/i, '') : instr.argsText;
  const json = instr.keyword !== 'HEALTHCHECK' ? (instr.jsonForm ? instr.args : null) : parseJsonArray(text);
  const commands = json ? execFormCommands(json) : simpleCommands(text);
  return commands.flatMap((c) => {
    const [first = '', second] = c.words;
    if (/^(ba|da)?sh$/.test(c.name) && second !== undefined && !second.startsWith('-')) return [second];
    if (/^python[\d.]*$/.test(c.name) && second !== undefined && second.endsWith('.py')) return [second];
    return [first];
  });
}

