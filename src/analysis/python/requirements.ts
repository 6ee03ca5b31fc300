// pip requirements, as written in requirements files and on pip command lines: the distribution a line
// names (PEP 503 normalized), and whole-line removal that keeps every other byte of the file.

/** PEP 503: lower case, runs of `-`, `_`, `.` become one `-`. */
export function normalizeName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}

export interface RequirementLine {
  /** 0-based index of the line's first physical line. */
  line: number;
  /** Physical lines it spans (backslash continuations included). */
  count: number;
  /** The logical line without its comment, continuations joined, trimmed. */
  text: string;
  /** 'requirement' names a distribution; 'include' is `-r file`; 'option' any other option line; 'other' paths and URLs without a name. */
  kind: 'requirement' | 'include' | 'option' | 'other' | 'blank';
  /** Normalized distribution name (requirement lines, and URL lines with `#egg=`). */
  name: string | null;
  /** The file `-r`/`--requirement` includes (include lines). */
  include: string | null;
}

const NAME = /^([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)\s*(\[[^\]]*\])?/;

/** The distribution a requirement specifier names (`torch==2.3`, `uvicorn[standard]>=0.29; python_version>"3.8"`, `x @ https://…`); null for paths and URLs. */
export function requirementName(spec: string): string | null {
  const s = spec.trim().replace(/^["']|["']$/g, '');
  const egg = /[#&]egg=([A-Za-z0-9._-]+)/.exec(s);
  if (egg) return normalizeName(egg[1]!);
  const direct = /^([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)\s*(\[[^\]]*\])?\s*@\s*\S/.exec(s); // name @ url (PEP 508)
  if (direct) return normalizeName(direct[1]!);
  if (/^(\.|\/|~)|:\/\//.test(s) || /\.(whl|tar\.gz|zip|tar\.bz2)$/.test(s)) {
    const wheel = /(?:^|\/)([A-Za-z0-9_.]+)-\d[^/]*\.whl$/.exec(s);
    return wheel ? normalizeName(wheel[1]!) : null;
  }
  const m = NAME.exec(s);
  if (!m) return null;
  const rest = s.slice(m[0].length).trim();
  if (rest !== '' && !/^(==|>=|<=|!=|~=|===|<|>|;|@|\(|,)/.test(rest)) return null;
  return normalizeName(m[1]!);
}

/** The logical lines of a requirements file. */
export function readRequirements(text: string): RequirementLine[] {
  const physical = text.split(/\r\n|\r|\n/);
  if (physical[physical.length - 1] === '') physical.pop();
  const out: RequirementLine[] = [];
  for (let i = 0; i < physical.length; i++) {
    const start = i;
    let joined = '';
    for (;;) {
      const raw = physical[i]!;
      const content = stripComment(raw);
      if (/\\\s*$/.test(content) && i + 1 < physical.length) {
        joined += content.replace(/\\\s*$/, ' ');
        i++;
        continue;
      }
      joined += content;
      break;
    }
    out.push(classify(joined.trim(), start, i - start + 1));
  }
  return out;
}

function classify(text: string, line: number, count: number): RequirementLine {
  const base = { line, count, text, name: null, include: null };
  if (text === '') return { ...base, kind: 'blank' };
  const include = /^(?:-r|--requirement)(?:\s*=\s*|\s+|(?=[^\s=-]))(\S+)/.exec(text);
  if (include) return { ...base, kind: 'include', include: include[1]! };
  if (text.startsWith('-')) {
    const editable = /^(?:-e|--editable)(?:\s*=\s*|\s+)(\S+)/.exec(text);
    if (editable) return { ...base, kind: 'other', name: requirementName(editable[1]!) };
    return { ...base, kind: 'option' };
  }
  const name = requirementName(text.replace(/\s+--\S+.*$/, '')); // per-requirement options: --hash=…
  const isUrl = /^(\.|\/)|:\/\//.test(text) && !/^[A-Za-z0-9][A-Za-z0-9._-]*\s*(\[[^\]]*\])?\s*@/.test(text);
  return name !== null && !isUrl ? { ...base, kind: 'requirement', name } : { ...base, kind: 'other', name };
}

/** A comment starts at `#` at the line's start or after whitespace (pip's rule; `#egg=` in URLs stays). */
function stripComment(line: string): string {
  const m = /(^|\s)#/.exec(line);
  return m ? line.slice(0, m.index) : line;
}

/** The text with the given logical lines removed (all their physical lines, with their line breaks). */
export function removeLines(text: string, lines: RequirementLine[]): string {
  if (lines.length === 0) return text;
  const drop = new Set<number>();
  for (const l of lines) for (let i = 0; i < l.count; i++) drop.add(l.line + i);
  const parts = text.split(/(\r\n|\r|\n)/);
  let out = '';
  for (let i = 0, line = 0; i < parts.length; i += 2, line++) {
    if (!drop.has(line)) out += parts[i]! + (parts[i + 1] ?? '');
  }
  return out;
}

/** The version pin a specifier carries after `==` (`torch==2.3.0+cu121` → 2.3.0+cu121), or null. */
export function exactPin(spec: string): string | null {
  const m = /==\s*([^\s,;]+)/.exec(spec);
  return m ? m[1]! : null;
}
