// `apt-cache show` stanzas as package facts (pure): Installed-Size (KiB, as dpkg counts it) and the packages it
// Depends or Pre-Depends on (the first of each alternative; versions and architecture qualifiers dropped). The
// first stanza of a package wins: with --no-all-versions it is the candidate apt would install.

export interface AptPackageFacts { name: string; installedBytes: number; requires: string[] }

export function parseAptShow(text: string): AptPackageFacts[] {
  const out = new Map<string, AptPackageFacts>();
  for (const stanza of text.split(/\r?\n\s*\r?\n/)) {
    const fields = new Map<string, string>();
    let last = '';
    for (const line of stanza.split(/\r?\n/)) {
      if (/^\s/.test(line) && last) fields.set(last, `${fields.get(last)} ${line.trim()}`);
      else {
        const m = /^([A-Za-z0-9-]+):\s*(.*)$/.exec(line);
        if (m) fields.set((last = m[1]!.toLowerCase()), m[2]!);
      }
    }
    const name = fields.get('package');
    const size = Number(fields.get('installed-size'));
    if (!name || !Number.isFinite(size) || out.has(name)) continue;
    const requires = [fields.get('pre-depends'), fields.get('depends')].filter((d): d is string => !!d).flatMap(dependsNames);
    out.set(name, { name, installedBytes: size * 1024, requires: [...new Set(requires)] });
  }
  return [...out.values()];
}

/** `libc6 (>= 2.34), python3:any | python3-minimal` → libc6, python3. */
function dependsNames(field: string): string[] {
  return field.split(',').map((group) => /^\s*([a-z0-9][a-z0-9+.-]*)/.exec(group.split('|')[0]!)?.[1]).filter((n): n is string => !!n);
}
