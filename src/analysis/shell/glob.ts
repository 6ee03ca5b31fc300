// Shell-style glob matching of one path (`*`, `?`, `[...]`/`[!...]`, none crossing "/"), as COPY sources and
// `rm` arguments are matched; or, with `crossSlash`, as fnmatch(3) without FNM_PATHNAME matches (dpkg's path
// filters: `*` crosses "/"). Pure.

/** True when `path` matches `glob`; a pattern no shell could expand (`[z-a]`) matches only itself. */
export function globMatch(glob: string, path: string, { crossSlash = false } = {}): boolean {
  const any = crossSlash ? '.' : '[^/]';
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const ch = glob[i]!;
    if (ch === '*') re += `${any}*`;
    else if (ch === '?') re += any;
    else if (ch === '[') {
      const close = glob.indexOf(']', i + 1);
      if (close === -1) re += '\\[';
      else {
        re += `[${glob.slice(i + 1, close).replace(/^!/, '^').replace(/\\/g, '\\\\')}]`;
        i = close;
      }
    } else re += ch.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  try {
    return new RegExp(`^${re}$`, 's').test(path);
  } catch {
    return glob === path; // not a glob the shell could expand either (`[z-a]`, an unclosed `[`): a plain name
  }
}
