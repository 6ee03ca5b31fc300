// Our own model of a parsed Dockerfile. dockerfile-ast stays inside parse.ts; everything above sees only
// these plain types. Offsets are JS string indices into `text` (UTF-16 code units), end-exclusive.

export interface DockerfileModel {
  /** The file's exact text; printDockerfile(model) returns it unchanged. */
  text: string;
  /** Parser directives at the top of the file (`# syntax=…`, `# escape=…`), as written. */
  directives: Directive[];
  /** The line-continuation character: `\` unless a `# escape=` directive says otherwise. */
  escapeChar: string;
  /** The file's line break ("\r\n" for CRLF files); "\n" when the file has none. Edits insert this. */
  eol: string;
  stages: Stage[];
  /** Every instruction in file order, including ARGs before the first FROM (stage -1). */
  instructions: Instruction[];
  /** The stage `--target`/dflab.yaml's `target:` names (the product rules tune); null: the default (target.ts). */
  target: string | null;
}

export interface Directive {
  name: string;
  value: string;
  /** 1-based. */
  line: number;
}

export interface Range {
  start: number;
  end: number;
}

export interface Stage {
  index: number;
  /** The name after `AS`, as written; null for an unnamed stage. */
  name: string | null;
  /** The image token after FROM (and its flags), as written: may hold `${ARG}`s, a digest, or a stage name. */
  baseImage: string;
  /** Offsets of just the image token in the text. */
  baseImageRange: Range;
  from: Instruction;
  /** The stage's instructions, its FROM first. */
  instructions: Instruction[];
}

export interface Flag {
  /** Without the leading `--`. */
  name: string;
  /** Null for a flag written without `=`. */
  value: string | null;
}

export interface Heredoc {
  /** The delimiter word (EOF in `<<EOF`, `<<-"EOF"`). */
  name: string;
  /** The lines between the instruction line and the delimiter line, line breaks as in the file. */
  body: string;
}

export interface Instruction {
  /** Upper-case keyword: RUN, COPY … */
  keyword: string;
  /** 1-based line of the keyword. */
  line: number;
  /** 1-based line where the instruction ends (last continuation line or heredoc delimiter). */
  endLine: number;
  /** Offset of the keyword. */
  start: number;
  /** Offset of the end of the instruction's last line, before its line break. */
  end: number;
  /** text.slice(start, end): the instruction as written, with continuations, inner comments and heredocs. */
  raw: string;
  /**
   * Arguments after the keyword and flags, as whitespace-separated tokens of the instruction line (quotes
   * kept; continuation lines joined; heredoc bodies excluded). JSON (exec) form gives the parsed strings.
   */
  args: string[];
  /** The argument text after keyword and flags, continuation lines joined, inner comment lines dropped. */
  argsText: string;
  /** True when the arguments are a JSON array (exec form: `CMD ["python", "app.py"]`). */
  jsonForm: boolean;
  flags: Flag[];
  heredocs: Heredoc[];
  /** Stage index; -1 for ARGs before the first FROM. */
  stage: number;
  /** Offset of the start of the keyword's line (before any indentation; after a byte-order mark). */
  lineStart: number;
  /** Offset just after the line break ending the instruction's last line (text.length at the end). */
  lineEnd: number;
  /** The line break to use next to this instruction: its own, or the file's when it has none. */
  eol: string;
}
