// Syntax colouring for the HTML report, done here so the page needs no highlighter: a patch becomes
// lines of classed tokens; Dockerfile lines also get keyword, flag, variable, string and comment tokens.
// Tokens carry plain text; the template escapes it.

export interface Token {
  cls: string;
  text: string;
}

export interface DiffLine {
  /** add, del, hunk, file, ctx */
  cls: string;
  tokens: Token[];
}

const DOCKERFILE_KEYWORDS = /^(\s*)(FROM|RUN|CMD|LABEL|MAINTAINER|EXPOSE|ENV|ADD|COPY|ENTRYPOINT|VOLUME|USER|WORKDIR|ARG|ONBUILD|STOPSIGNAL|HEALTHCHECK|SHELL)\b/i;
const DOCKERFILE_TOKENS = /("(?:[^"\\]|\\.)*"|'[^']*')|(\$\{[^}]*\}|\$[A-Za-z_][A-Za-z0-9_]*)|((?:^|(?<=\s))--[A-Za-z][\w-]*(?:=\S*)?)|(\s&&\s|\s\|\|\s|\\$)/g;

export function highlightPatch(patch: string): DiffLine[] {
  const lines = patch.replace(/\n$/, '').split('\n');
  let dockerfile = false;
  return lines.map((line): DiffLine => {
    if (line.startsWith('diff --git ')) dockerfile = /Dockerfile[^/\s]*("|$|\s)/i.test(line.split(' b/').pop() ?? line);
    if (/^(diff --git |index |new file|deleted file|--- |\+\+\+ )/.test(line)) return { cls: 'file', tokens: [{ cls: '', text: line }] };
    if (line.startsWith('@@')) return { cls: 'hunk', tokens: [{ cls: '', text: line }] };
    const [mark, body] = [line.slice(0, 1), line.slice(1)];
    const cls = mark === '+' ? 'add' : mark === '-' ? 'del' : 'ctx';
    const tokens = [{ cls: 'mark', text: mark }, ...(dockerfile ? dockerfileTokens(body) : [{ cls: '', text: body }])];
    return { cls, tokens: tokens.filter((t) => t.text !== '') };
  });
}

/** One Dockerfile line (or continuation line) as tokens. */
export function dockerfileTokens(line: string): Token[] {
  if (/^\s*#/.test(line)) return [{ cls: 'cm', text: line }];
  const out: Token[] = [];
  let rest = line;
  const kw = DOCKERFILE_KEYWORDS.exec(rest);
  if (kw) {
    out.push({ cls: '', text: kw[1] ?? '' }, { cls: 'kw', text: kw[2] ?? '' });
    rest = rest.slice(kw[0].length);
  }
  let last = 0;
  for (const m of rest.matchAll(DOCKERFILE_TOKENS)) {
    out.push({ cls: '', text: rest.slice(last, m.index) });
    const cls = m[1] ? 'str' : m[2] ? 'var' : m[3] ? 'flag' : 'op';
    out.push({ cls, text: m[0] });
    last = m.index + m[0].length;
  }
  out.push({ cls: '', text: rest.slice(last) });
  return out.filter((t) => t.text !== '');
}
