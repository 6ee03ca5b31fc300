// Build-time variables in FROM lines: the defaults of the ARGs declared before the first FROM, and the
// expansion of `$NAME`, `${NAME}`, `${NAME:-word}`, `${NAME-word}` with them.
import type { DockerfileModel } from './model.js';

/**
 * ARG name → its default (null when declared without one), from the ARGs before the first FROM. A default
 * is expanded with the ARGs declared before it, as BuildKit does; one that cannot be keeps its `$` text.
 */
export function globalArgDefaults(model: DockerfileModel): Map<string, string | null> {
  const vars = new Map<string, string | null>();
  for (const instr of model.instructions) {
    if (instr.stage !== -1 || instr.keyword !== 'ARG') continue;
    for (const token of splitQuoted(instr.argsText)) {
      const eq = token.indexOf('=');
      if (eq === -1) {
        vars.set(token, null);
        continue;
      }
      const raw = unquote(token.slice(eq + 1));
      const expanded = expandVariables(raw, vars);
      vars.set(token.slice(0, eq), 'value' in expanded ? expanded.value : raw);
    }
  }
  return vars;
}

export type Expansion = { value: string } | { unresolved: string };

/**
 * Expands variables with the given values. A variable without a value (declared without default, or not
 * declared) makes the result unresolved, naming it — unless a `:-`/`-` default supplies one. Other forms
 * (`${NAME:+word}`, nested expansions) are unresolved too.
 */
export function expandVariables(text: string, vars: Map<string, string | null>): Expansion {
  const pattern = /\$(?:\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?-)([^}$]*))?\}|([A-Za-z_][A-Za-z0-9_]*)|(\{[^}]*\}))/g;
  let out = '';
  let pos = 0;
  for (const m of text.matchAll(pattern)) {
    const name = m[1] ?? m[4];
    if (name === undefined) return { unresolved: m[0] };
    const value = vars.get(name);
    const operator = m[2];
    let replacement: string | null | undefined = value;
    if (operator === ':-' && !value) replacement = m[3] ?? '';
    else if (operator === '-' && (value === undefined || value === null)) replacement = m[3] ?? '';
    if (replacement === null || replacement === undefined) return { unresolved: name };
    out += text.slice(pos, m.index) + replacement;
    pos = m.index + m[0].length;
  }
  return { value: out + text.slice(pos) };
}

/** True when the text holds a variable reference. */
export function hasVariables(text: string): boolean {
  return /\$[{A-Za-z_]/.test(text);
}

/** Whitespace-separated words, where quoted parts (`C="two words"`) stay in one word. */
function splitQuoted(text: string): string[] {
  return text.match(/(?:[^\s"']+|"(?:\\.|[^"\\])*"?|'[^']*'?)+/g) ?? [];
}

/** The value with its quotes removed: `"3.12"` → 3.12, `a"b c"` → ab c. */
function unquote(value: string): string {
  return value.replace(/"((?:\\.|[^"\\])*)"|'([^']*)'/g, (_m, dq: string | undefined, sq: string | undefined) => sq ?? dq!.replace(/\\(.)/g, '$1'));
}
