// minify's Dockerfile rewrite from traced evidence (pure): the project's Dockerfile kept, its target stage named
// when it has no name, a pick stage and a FROM scratch stage appended; without a trace it declines with the code.
import { describe, expect, it } from 'vitest';
import { applyEdits, buildTarget, parseDockerfile } from '../../../src/dockerfile/index.js';
import { planOnTop, planVariants } from '../../../src/plan/index.js';
import { allRules } from '../../../src/rules/index.js';
import { minify } from '../../../src/rules/minify/index.js';
import type { MinifyEvidence, Project } from '../../../src/rules/types.js';

const DOCKERFILE = 'FROM python:3.13-slim\nWORKDIR /app\nCOPY app.py .\nCMD ["python3", "app.py"]\n';
const TRACED: MinifyEvidence = {
  ok: true, keep: ['app', 'app/app.py', 'usr', 'usr/bin', 'usr/bin/python3'], probes: 2,
  run: { env: ['PATH=/usr/bin:/bin', 'GREETING=a "quoted" $HOME'], workdir: '/app', user: '', entrypoint: [], cmd: ['python3', 'app.py'], exposedPorts: ['8000/tcp'] },
};

function project(text: string, minifyTrace?: MinifyEvidence): Project {
  return { dockerfile: parseDockerfile(text), dockerfilePath: 'Dockerfile', files: {}, contextPaths: ['app.py'], ...(minifyTrace ? { minifyTrace } : {}) };
}

describe('minify', () => {
  it('appends the pick and FROM scratch stages and writes the keep list', () => {
    const edits = minify.apply(project(DOCKERFILE, TRACED));
    const text = applyEdits(DOCKERFILE, edits.dockerfile);
    expect(text).toBe([
      'FROM python:3.13-slim AS dflab-minify-src',
      'WORKDIR /app', 'COPY app.py .', 'CMD ["python3", "app.py"]', '',
      '# minify (dflab): only the files the smoke test touched, listed in .dflab-minify.keep',
      'FROM debian:trixie-slim AS dflab-minify-pick',
      'RUN --mount=type=bind,from=dflab-minify-src,target=/src --mount=type=bind,source=.dflab-minify.keep,target=/keep \\',
      '    mkdir /out && tar -C /src --no-recursion --verbatim-files-from -T /keep -cf - | tar -C /out -xpf -',
      'FROM scratch',
      'COPY --from=dflab-minify-pick /out/ /',
      'ENV PATH="/usr/bin:/bin"',
      'ENV GREETING="a \\"quoted\\" \\$HOME"',
      'WORKDIR /app',
      'EXPOSE 8000/tcp',
      'CMD ["python3","app.py"]',
      '',
    ].join('\n'));
    expect(buildTarget(parseDockerfile(text))).toBeNull();
    expect(edits.files).toEqual([{ path: '.dflab-minify.keep', newText: 'app\napp/app.py\nusr\nusr/bin\nusr/bin/python3\n' }]);
    expect(edits.notes[0]).toMatch(/code paths the smoke test does not exercise may be missing/);
  });

  it("runs the pick stage on the target stage itself when the image has a shell and GNU tar, keeping the engine's run-time files out", () => {
    const withTools: MinifyEvidence = { ...TRACED, keep: ['-odd', 'app', 'app/app.py', 'etc', 'etc/hosts', 'etc/passwd', 'etc/resolv.conf'], tools: { shell: '/bin/sh', tar: '/usr/bin/tar' } };
    const edits = minify.apply(project(DOCKERFILE, withTools));
    const text = applyEdits(DOCKERFILE, edits.dockerfile);
    expect(text).toContain([
      '# minify (dflab): only the files the smoke test touched, listed in .dflab-minify.keep',
      'FROM dflab-minify-src AS dflab-minify-pick',
      'USER 0',
      'WORKDIR /dflab-minify',
      'RUN --mount=type=bind,source=.dflab-minify.keep,target=/dflab-minify.keep ["/bin/sh","-c","/usr/bin/tar -C / --no-recursion -T /dflab-minify.keep -cf - | /usr/bin/tar -xpf -"]',
      'FROM scratch',
      'COPY --from=dflab-minify-pick /dflab-minify/ /',
      'ENV PATH="/usr/bin:/bin"',
    ].join('\n'));
    expect(text).not.toContain('debian:trixie-slim');
    expect(buildTarget(parseDockerfile(text))).toBeNull();
    // No --verbatim-files-from (older GNU tars lack it): a path starting with '-' is written as ./-… instead.
    expect(edits.files).toEqual([{ path: '.dflab-minify.keep', newText: './-odd\napp\napp/app.py\netc\netc/passwd\n' }]);
  });

  it('binds the target stage by its own name when it has one', () => {
    const named = DOCKERFILE.replace('slim\n', 'slim AS app\n');
    const text = applyEdits(named, minify.apply(project(named, TRACED)).dockerfile);
    expect(text.startsWith(named)).toBe(true);
    expect(text).toContain('from=app,target=/src');
  });

  it('declines without a trace, or with the trace\'s failure', () => {
    expect(minify.applies(project(DOCKERFILE))).toEqual({ applies: false, reason: { code: 'minify-no-trace', message: expect.stringContaining('dflab run') } });
    expect(minify.applies(project(DOCKERFILE, { ok: false, reason: 'the traced smoke probe GET / failed' }))).toEqual({ applies: false, reason: { code: 'minify-no-trace', message: 'the traced smoke probe GET / failed' } });
  });

  it('is planned alone, never in all', () => {
    const plan = planVariants(project(DOCKERFILE.replace('COPY app.py .', 'COPY . .\nRUN pip install flask'), TRACED), allRules);
    expect(plan.variants.map((v) => v.name)).toContain('minify');
    expect(plan.variants.find((v) => v.name === 'all')?.rules ?? []).not.toContain('minify');
  });
});

describe('minify on top of a planned variant (all+minify)', () => {
  const APP = 'FROM python:3.13\nWORKDIR /app\nCOPY . .\nRUN pip install -r requirements.txt\nCMD ["python3", "app.py"]\n';
  const base = (): Project => ({ ...project(APP), files: { 'requirements.txt': 'flask\npytest\n' }, contextPaths: ['app.py', 'requirements.txt'] });

  it("appends minify to the variant's Dockerfile; its files are the variant's and the keep list, against the original", () => {
    const under = { name: 'all', rules: ['prune-requirements', 'base-slim'], dockerfile: APP.replace('python:3.13', 'python:3.13-slim'), files: [{ path: 'requirements.txt', newText: 'flask\n' }], notes: ['pytest pruned'], requires: [], aliases: [] };
    const v = planOnTop(base(), under, minify, { minifyTrace: TRACED });
    if (!('dockerfile' in v)) throw new Error(v.reason);
    expect(v.name).toBe('all+minify');
    expect(v.rules).toEqual(['prune-requirements', 'base-slim', 'minify']);
    expect(v.dockerfile.startsWith('FROM python:3.13-slim AS dflab-minify-src\nWORKDIR /app\n')).toBe(true);
    expect(v.dockerfile).toContain('from=dflab-minify-src,target=/src');
    expect(v.dockerfile.endsWith('CMD ["python3","app.py"]\n')).toBe(true);
    expect(v.files).toEqual([
      { path: '.dflab-minify.keep', newText: 'app\napp/app.py\nusr\nusr/bin\nusr/bin/python3\n' },
      { path: 'requirements.txt', newText: 'flask\n' },
    ]);
    expect(v.notes.slice(0, 2)).toEqual(['minify applied on top of all', 'pytest pruned']);
  });

  it("says why when minify does not apply to the variant's image", () => {
    const under = { name: 'base-slim', rules: ['base-slim'], dockerfile: APP, files: [], notes: [], requires: [], aliases: [] };
    expect(planOnTop(base(), under, minify, { minifyTrace: { ok: false, reason: 'the traced smoke probe GET / failed on base-slim' } }))
      .toEqual({ rule: 'base-slim+minify', code: 'minify-no-trace', reason: 'the traced smoke probe GET / failed on base-slim' });
  });
});
