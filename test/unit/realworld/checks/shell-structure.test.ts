// The shell-structure check on hand-made variants: it passes edits that keep the structure and catches each bad shape.
import { describe, expect, it } from 'vitest';
import { parseDockerfile } from '../../../../src/dockerfile/index.js';
import type { Project } from '../../../../src/analysis/project.js';
import { shellStructure } from './shell-structure.js';

const project = (text: string): Project => ({ dockerfile: parseDockerfile(text), dockerfilePath: 'Dockerfile', files: {}, contextPaths: ['Dockerfile'] });
const check = (original: string, variant: string) => shellStructure(project(original), 'v', { dockerfile: variant, files: {} });

const IF = 'FROM x\nRUN if [ -n "$DEV" ]; then pip install pytest; else pip install -r r.txt && echo built; fi\n';

describe('shellStructure', () => {
  it.each([
    ['a flag added inside a branch', IF, IF.replace('pip install -r', 'pip install --no-cache-dir -r')],
    ['an install removed, its branch kept with true', IF, IF.replace('pip install pytest', 'true')],
    ['a cleanup after the whole if', IF, IF.replace('fi\n', 'fi && rm -rf /var/lib/apt/lists/*\n')],
    ['the RUN copied whole into a builder stage, and edited in the final one', IF,
      `${IF}FROM y\nRUN if [ -n "$DEV" ]; then true; else echo built; fi\n`],
    ['apt housekeeping dropped inside a case item', 'FROM x\nRUN case "$A" in a) apt-get update && apt-get install -y c ;; *) echo no ;; esac\n',
      'FROM x\nRUN case "$A" in a) apk add --no-cache c ;; *) echo no ;; esac\n'],
    ['RUNs merged with &&', 'FROM x\nRUN (cd /s && make)\nRUN rm -rf /s\n', 'FROM x\nRUN (cd /s && make) && \\\n    rm -rf /s\n'],
  ])('passes %s', (_what, original, variant) => {
    expect(check(original, variant)).toEqual([]);
  });

  it.each([
    ['an else branch deleted with the install before it', IF, IF.replace('pip install pytest; else pip install -r r.txt && echo built', 'pip install -r r.txt && echo built'),
      /if on line 2 had the clauses \[if then else\], the variant has \[if then\]/],
    ['a branch emptied', 'FROM x\nRUN for p in a b; do echo $p; done\n', 'FROM x\nRUN for p in a b; do :; done\n', /lost `echo \$p`/],
    ['a command lost from a branch', IF, IF.replace(' && echo built', ''), /the else clause of if on line 2 lost `echo built`/],
    ['a construct gone', 'FROM x\nRUN (cd /s && make) && echo ok\n', 'FROM x\nRUN cd /s && make && echo ok\n', /subshell on line 2 is gone \(it ran `cd \/s`, `make`\)/],
    ['a cleanup put inside a pipeline', 'FROM x\nRUN make | tee log; echo done\n', 'FROM x\nRUN make | tee log && echo done\n', /`tee log` and `echo done` were joined by ;, now by &&/],
    ['a variant RUN the shell cannot read', 'FROM x\nRUN if a; then b; fi\n', 'FROM x\nRUN if a; then b; fi && \n', /not a shell script the reader follows/],
  ])('catches %s', (_what, original, variant, message) => {
    const found = check(original, variant);
    expect(found.join('\n')).toMatch(message);
  });
});
