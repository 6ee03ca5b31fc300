import { describe, expect, it } from 'vitest';
import { parseDockerfile } from '../../../src/dockerfile/index.js';
import { addedInstallObservations, installModels, installObservations, predictCold } from '../../../src/predict/cold.js';

const original = parseDockerfile([
  'FROM python:3.13',
  'RUN apt-get update && apt-get install -y curl git \\',
  '    make',
  'COPY requirements.txt .',
  'RUN pip install -r requirements.txt',
  'COPY . /app',
  'CMD ["python", "/app/app.py"]',
].join('\n'));
const steps = [
  { name: '[1/5] FROM docker.io/library/python:3.13', seconds: 0 },
  { name: '[2/5] RUN apt-get update && apt-get install -y curl git     make', seconds: 30 },
  { name: '[3/5] COPY requirements.txt .', seconds: 0.2 },
  { name: '[4/5] RUN pip install -r requirements.txt', seconds: 40 },
  { name: '[5/5] COPY . /app', seconds: 0.4 },
];
const files = { 'requirements.txt': 'flask\nnumpy\n# a comment\npandas\npytest\n' };

describe('predictCold', () => {
  it('gives the original its own recorded time', () => {
    expect(predictCold({ original, originalSteps: steps, originalFiles: files, variant: original, files })).toBe(70.6);
  });

  it('learns a per-package rate per installer from the original install steps', () => {
    expect(installObservations(original, steps, files)).toEqual([
      { installer: 'apt', packages: 3, seconds: 30 },
      { installer: 'pip', packages: 4, seconds: 40 },
    ]);
    expect(installModels([{ installer: 'pip', packages: 4, seconds: 40 }, { installer: 'pip', packages: 6, seconds: 20 }]).get('pip')).toEqual({ fixed: 0, perPackage: 6 });
  });

  it("keeps an installer's fixed cost (the step's quiet seconds) apart from its per-package rate", () => {
    const logged = steps.map((s) => (s.name.includes('pip install') ? { ...s, quietSeconds: 8 } : s));
    expect(installObservations(original, logged, files)).toEqual([
      { installer: 'apt', packages: 3, seconds: 30 },
      { installer: 'pip', packages: 4, seconds: 40, fixedSeconds: 8 },
    ]);
    // fixed: the median of the logged observations (8, 12); the rate over every observation, one shorter than the fixed
    // cost counting 0: (40 − 10 + 20 − 10 + 0) / 10 packages.
    expect(installModels([
      { installer: 'pip', packages: 4, seconds: 40, fixedSeconds: 8 }, { installer: 'pip', packages: 4, seconds: 20, fixedSeconds: 12 },
      { installer: 'pip', packages: 2, seconds: 5 },
    ]).get('pip')).toEqual({ fixed: 10, perPackage: 4 });
    // Pruned to 2 of 4 requirements: 30 (apt) + 0.2 + 8 + 2 × 8 s/package + 0.4, where a rate alone gave 50.6.
    const variant = parseDockerfile(original.text.replace('pip install -r', 'pip install --no-cache-dir -r'));
    expect(predictCold({ original, originalSteps: logged, originalFiles: files, variant, files: { 'requirements.txt': 'flask\nnumpy\n' } })).toBe(54.6);
    // The same list costs the original's time, as before.
    expect(predictCold({ original, originalSteps: logged, originalFiles: files, variant, files })).toBe(70.6);
  });

  it('costs a changed install step by its package count: fewer requirements, a faster pip step', () => {
    const variant = parseDockerfile(original.text.replace('pip install -r', 'pip install --no-cache-dir -r'));
    const pruned = { 'requirements.txt': 'flask\nnumpy\n' };
    // 30 (apt, shared) + 0.2 + 2 × 10 s/package + 0.4
    expect(predictCold({ original, originalSteps: steps, originalFiles: files, variant, files: pruned })).toBe(50.6);
  });

  it('costs a new COPY like the original COPYs and metadata instructions as free', () => {
    const variant = parseDockerfile(`${original.text}\nENV A=1\nCOPY extra.txt /app/`);
    expect(predictCold({ original, originalSteps: steps, originalFiles: files, variant, files })).toBe(70.9);
  });

  it('uses earlier runs when the original never used the installer', () => {
    const variant = parseDockerfile(original.text.replace('COPY . /app', 'RUN apk add --no-cache a b\nCOPY . /app'));
    expect(predictCold({ original, originalSteps: steps, originalFiles: files, variant, files })).toBeNull();
    expect(predictCold({ original, originalSteps: steps, originalFiles: files, variant, files, history: [{ installer: 'apk', packages: 1, seconds: 2 }] })).toBe(74.6);
  });

  it('has no basis for a new RUN that installs nothing, or a requirements file it cannot read', () => {
    expect(predictCold({ original, originalSteps: steps, originalFiles: files, variant: parseDockerfile(`${original.text}\nRUN make all`), files })).toBeNull();
    const other = parseDockerfile(original.text.replace('pip install -r requirements.txt', 'pip install -r other.txt'));
    expect(predictCold({ original, originalSteps: steps, originalFiles: files, variant: other, files })).toBeNull();
  });

  it("costs multi-stage's venv as an install learnt from earlier runs, never as free", () => {
    const variant = parseDockerfile(original.text.replace('RUN pip install', 'RUN python3 -m venv /opt/venv\nRUN pip install'));
    expect(predictCold({ original, originalSteps: steps, originalFiles: files, variant, files })).toBeNull();
    const venvs = [{ installer: 'venv' as const, packages: 1, seconds: 2.5, fixedSeconds: 0.5 }, { installer: 'venv' as const, packages: 1, seconds: 3.5, fixedSeconds: 0.5 }];
    // 70.6 + 0.5 fixed + 1 × (2 + 3) / 2
    expect(predictCold({ original, originalSteps: steps, originalFiles: files, variant, files, history: venvs })).toBe(73.6);
    // Without pip, a venv installs nothing: a new RUN with no basis.
    const bare = parseDockerfile(original.text.replace('RUN pip install', 'RUN python3 -m venv --without-pip /opt/venv\nRUN pip install'));
    expect(predictCold({ original, originalSteps: steps, originalFiles: files, variant: bare, files, history: venvs })).toBeNull();
  });

  it('costs a new RUN of file commands only from the file-command steps seen; one with anything else has no basis', () => {
    const variant = parseDockerfile(`${original.text}\nRUN ln -sf /usr/bin/python3 /opt/venv/bin/python && sed -i 's|^home = .*|home = /usr/bin|' /opt/venv/pyvenv.cfg`);
    expect(predictCold({ original, originalSteps: steps, originalFiles: files, variant, files })).toBeNull();
    expect(predictCold({ original, originalSteps: steps, originalFiles: files, variant, files, history: [{ installer: 'files', packages: 1, seconds: 0.3 }] })).toBe(70.9);
    const withOther = parseDockerfile(`${original.text}\nRUN ln -sf /usr/bin/python3 /usr/bin/python && useradd app`);
    expect(predictCold({ original, originalSteps: steps, originalFiles: files, variant: withOther, files, history: [{ installer: 'files', packages: 1, seconds: 0.3 }] })).toBeNull();
    // The original's own such RUNs are observations of the kind.
    const withMkdir = parseDockerfile(original.text.replace('COPY . /app', 'RUN mkdir -p /app/data\nCOPY . /app'));
    expect(installObservations(withMkdir, [...steps, { name: '[6/6] RUN mkdir -p /app/data', seconds: 0.15 }], files)).toContainEqual({ installer: 'files', packages: 1, seconds: 0.15 });
  });

  it("costs an original RUN with installs added (a venv before poetry's install) as its recorded time plus theirs", () => {
    const poetry = parseDockerfile(['FROM python:3.13', 'COPY pyproject.toml poetry.lock ./', 'RUN poetry config virtualenvs.create false \\', ' && poetry install --no-interaction'].join('\n'));
    const poetrySteps = [
      { name: '[1/3] FROM docker.io/library/python:3.13', seconds: 0 },
      { name: '[2/3] COPY pyproject.toml poetry.lock ./', seconds: 0.1 },
      { name: '[3/3] RUN poetry config virtualenvs.create false  && poetry install --no-interaction', seconds: 20 },
    ];
    const history = [{ installer: 'venv' as const, packages: 1, seconds: 3 }];
    const withVenv = parseDockerfile(poetry.text.replace('false \\', 'false \\\n && python3 -m venv /opt/venv \\'));
    expect(predictCold({ original: poetry, originalSteps: poetrySteps, originalFiles: {}, variant: withVenv, files: {}, history })).toBe(23.1);
    expect(predictCold({ original: poetry, originalSteps: poetrySteps, originalFiles: {}, variant: withVenv, files: {} })).toBeNull();
    // Learnt back from such a step once built: the variant's step less the original's (none when not longer).
    const built = [{ name: '[builder 3/3] RUN poetry config virtualenvs.create false  && python3 -m venv /opt/venv  && poetry install --no-interaction', seconds: 24.5 }];
    expect(addedInstallObservations(poetry, poetrySteps, {}, withVenv, built, {})).toEqual([{ installer: 'venv', packages: 1, seconds: 4.5 }]);
    expect(addedInstallObservations(poetry, poetrySteps, {}, withVenv, [{ ...built[0]!, seconds: 19 }], {})).toEqual([]);
    // Anything else added has no basis, and an install of what a lock file names cannot be counted: no cost.
    const withMake = parseDockerfile(poetry.text.replace('false \\', 'false \\\n && make \\'));
    expect(predictCold({ original: poetry, originalSteps: poetrySteps, originalFiles: {}, variant: withMake, files: {}, history })).toBeNull();
    const aptAndPoetry = parseDockerfile(`${poetry.text}\nRUN apt-get install -y curl && poetry install --only main`);
    expect(predictCold({ original: poetry, originalSteps: poetrySteps, originalFiles: {}, variant: aptAndPoetry, files: {}, history: [{ installer: 'apt', packages: 1, seconds: 5 }] })).toBeNull();
  });

  it("costs apt-hygiene's RUNs from the original RUNs they are made of, the update once per RUN it is merged into", () => {
    const apt = parseDockerfile(['FROM debian', 'RUN apt-get update', 'RUN apt-get install -y python3 python3-pip', 'RUN apt-get install -y jupyter', 'COPY . /app'].join('\n'));
    const aptSteps = [
      { name: '[1/5] FROM docker.io/library/debian', seconds: 0 },
      { name: '[2/5] RUN apt-get update', seconds: 4 },
      { name: '[3/5] RUN apt-get install -y python3 python3-pip', seconds: 50, quietSeconds: 2 },
      { name: '[4/5] RUN apt-get install -y jupyter', seconds: 100, quietSeconds: 2 },
      { name: '[5/5] COPY . /app', seconds: 1 },
    ];
    const hygiene = parseDockerfile(['FROM debian',
      'RUN apt-get update && apt-get install -y --no-install-recommends python3 python3-pip && rm -rf /var/lib/apt/lists/*',
      'RUN apt-get update && apt-get install -y --no-install-recommends jupyter && apt-get clean && rm -rf /var/lib/apt/lists/*',
      'COPY . /app'].join('\n'));
    const input = { original: apt, originalSteps: aptSteps, originalFiles: {}, variant: hygiene, files: {} };
    // The original's RUNs as they were, the update twice (it runs in both): 4 + 50 + 4 + 100 + 1. Rule 2 alone
    // costed the installs by their named packages and the updates as free: 2 + 2 × 48.67 + 2 + 48.67 + 1 = 151.
    expect(predictCold(input)).toBe(159);
    // pip's --no-cache-dir installs the same list: the original step's time.
    const noCache = parseDockerfile(original.text.replace('pip install -r', 'pip install --no-cache-dir -r'));
    expect(predictCold({ original, originalSteps: steps, originalFiles: files, variant: noCache, files })).toBe(70.6);
    // A command of no original RUN, no install and no cleanup: that RUN is costed by its installs alone (rule 2: apt's
    // fixed 2 s + 1 package × (48 + 98) / 3 s): 54 + 50.67 + 1.
    const more = parseDockerfile(hygiene.text.replace('apt-get clean', 'make all'));
    expect(predictCold({ ...input, variant: more })).toBe(105.67);
  });

  it('counts only the stages the build needs', () => {
    const variant = parseDockerfile(`FROM python:3.13 AS unused\nRUN make all\n${original.text}`);
    expect(predictCold({ original, originalSteps: steps, originalFiles: files, variant, files })).toBe(70.6);
  });
});
