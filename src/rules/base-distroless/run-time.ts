// What the final stage needs at run time that a distroless image does not have: a shell (shell-form CMD,
// ENTRYPOINT or HEALTHCHECK, `sh -c`, a shell script as the command), and which Python the original runs.
import { officialName, parseImageRef, type DockerfileModel, type Instruction, type Stage } from '../../dockerfile/index.js';
import { resolvedBase } from '../../analysis/images/stage-base.js';
import { aptRuns, packageName } from '../../analysis/packages/apt.js';
import { reason, type Reason } from '../../reasons.js';

const SHELLS = new Set(['sh', 'bash', 'dash', 'ash', 'zsh']);
const RUN_TIME = new Set(['CMD', 'ENTRYPOINT', 'HEALTHCHECK']);

/** Why the container would need a shell when it runs, or null. `files`: the context's readable files. */
export function needsShell(stage: Stage, files: Record<string, string>): Reason | null {
  for (const instr of stage.instructions) {
    if (!RUN_TIME.has(instr.keyword)) continue;
    const args = instr.keyword === 'HEALTHCHECK' ? healthArgs(instr) : instr.args;
    if (args === null) continue;
    if (!instr.jsonForm && args.length > 0) {
      return reason('distroless-needs-shell', `${instr.keyword} on line ${instr.line} is in shell form: it runs through /bin/sh, which a distroless image does not have`);
    }
    const first = (args[0] ?? '').replace(/^.*\//, '');
    if (SHELLS.has(first)) return reason('distroless-needs-shell', `${instr.keyword} on line ${instr.line} runs ${args[0]}: a distroless image has no shell`);
    const script = scriptFile(args[0] ?? '', files);
    if (script) return reason('distroless-needs-shell', `${instr.keyword} on line ${instr.line} runs ${args[0]}, ${script}: a distroless image has no shell to run it`);
  }
  return null;
}

/** HEALTHCHECK's command words (CMD form), null for NONE. */
function healthArgs(instr: Instruction): string[] | null {
  const i = instr.args.findIndex((a) => a.toUpperCase() === 'CMD');
  if (i === -1) return null;
  if (instr.jsonForm) return instr.args.slice(i + 1);
  const rest = instr.argsText.replace(/^\s*CMD\s*/i, '').trim();
  return rest.startsWith('[') ? null : rest.split(/\s+/);
}

/** "a shell script" when the command is one: named *.sh, or a context file whose shebang is a shell. */
function scriptFile(word: string, files: Record<string, string>): string | null {
  if (/\.(sh|bash)$/.test(word)) return 'a shell script';
  const base = word.replace(/^.*\//, '');
  const hit = Object.entries(files).find(([path]) => path.replace(/^.*\//, '') === base && base.length > 0);
  const shebang = hit ? /^#![ \t]*(\S+)([ \t]+(\S+))?/.exec(hit[1]) : null;
  if (!shebang) return null;
  const interp = (shebang[1]!.endsWith('/env') ? shebang[3] ?? '' : shebang[1]!).replace(/^.*\//, '');
  return SHELLS.has(interp) ? `a shell script (${shebang[0]})` : null;
}

/** The Python version the stage runs: the official python image's tag, or Debian trixie's python3 (3.13) installed with apt. */
export function stagePython(model: DockerfileModel, stage: Stage): string | null {
  const ref = parseImageRef(resolvedBase(model, stage));
  const name = officialName(ref);
  if (name === 'python') return /^(\d+\.\d+)/.exec(ref.tag ?? '')?.[1] ?? null;
  const debian = name === 'debian' || name === 'buildpack-deps';
  if (!debian || !(ref.tag ?? '').startsWith('trixie')) return null;
  const apt = aptRuns(model, stage.instructions).runs.flatMap((r) => r.apt.filter(({ a }) => a.sub.text === 'install').flatMap(({ a }) => a.packages.map((w) => packageName(w.text))));
  return apt.some((p) => /^python3(\.13)?(-minimal)?$/.test(p)) ? '3.13' : null;
}
