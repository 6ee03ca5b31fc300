// Warnings BuildKit's own build checks give for input it accepts (https://docs.docker.com/reference/build-checks/):
// the same rule names and wording, so a user who runs `docker build --check` sees the same thing. dflab parses
// these Dockerfiles as BuildKit does (a blank line continues the instruction; a broken JSON array is shell form);
// the warning says so instead of folding them in silently.
import type { DockerfileModel, Instruction } from './model.js';

export type BuildCheckCode = 'NoEmptyContinuation' | 'JSONArgsRecommended' | 'InvalidJSONForm';

export interface BuildCheckWarning {
  code: BuildCheckCode;
  /** 1-based line at fault. */
  line: number;
  message: string;
}

const JSON_ARGS_RECOMMENDED = new Set(['CMD', 'ENTRYPOINT']);
const EXEC_FORM_CAPABLE = new Set(['RUN', 'CMD', 'ENTRYPOINT', 'SHELL']);

export function buildChecks(model: DockerfileModel): BuildCheckWarning[] {
  return model.instructions.flatMap((i) => [...emptyContinuations(i), ...brokenJsonForm(i)]).sort((a, b) => a.line - b.line);
}

/** Blank lines inside an instruction, heredoc bodies aside (BuildKit: "Empty continuation line"). */
function emptyContinuations(instr: Instruction): BuildCheckWarning[] {
  const lines = instr.raw.split(/\r\n|\r|\n/);
  const bodyFrom = instr.heredocs.length > 0 ? firstHeredocBodyLine(lines) : lines.length;
  const out: BuildCheckWarning[] = [];
  for (let k = 1; k < Math.min(lines.length, bodyFrom); k++) {
    if (lines[k]!.trim() !== '') continue;
    out.push({
      code: 'NoEmptyContinuation',
      line: instr.line + k,
      message: `Empty continuation line (the ${instr.keyword} on line ${instr.line} continues past it; empty continuation lines will become errors in a future release)`,
    });
  }
  return out;
}

/** The index of the first line after the one holding the first `<<WORD` (a heredoc body may hold blank lines). */
function firstHeredocBodyLine(lines: string[]): number {
  const k = lines.findIndex((l) => /<<-?\s*["']?[A-Za-z_]/.test(l));
  return k === -1 ? lines.length : k + 1;
}

/** `CMD ["python", "app.py"` — starts like an exec-form array but is not JSON, so BuildKit runs it through a shell. */
function brokenJsonForm(instr: Instruction): BuildCheckWarning[] {
  if (!EXEC_FORM_CAPABLE.has(instr.keyword) || instr.jsonForm || !instr.argsText.trimStart().startsWith('[')) return [];
  const why = `starts with "[" but is not a valid JSON array (a missing bracket, quote or comma?), so it runs as a shell command: /bin/sh -c '${instr.argsText.trim()}'`;
  if (JSON_ARGS_RECOMMENDED.has(instr.keyword)) {
    return [{ code: 'JSONArgsRecommended', line: instr.line, message: `JSON arguments recommended for ${instr.keyword} to prevent unintended behavior related to OS signals: this ${instr.keyword} ${why}` }];
  }
  return [{ code: 'InvalidJSONForm', line: instr.line, message: `this ${instr.keyword} ${why}` }];
}

/** Our warnings less those BuildKit's own checks reported too (the same rule name on the same line). */
export function withoutBuildKitDuplicates(
  own: readonly BuildCheckWarning[], buildkit: readonly { rule: string; lines: readonly number[] }[],
): BuildCheckWarning[] {
  const reported = new Set(buildkit.flatMap((f) => f.lines.map((line) => `${f.rule}:${line}`)));
  return own.filter((w) => !reported.has(`${w.code}:${w.line}`));
}
