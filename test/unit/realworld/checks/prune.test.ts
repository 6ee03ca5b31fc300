// The prune check catches a variant that takes away what the image runs or its build imports, and passes one that
// takes away only what nothing runs.
import { describe, expect, it } from 'vitest';
import { parseDockerfile } from '../../../../src/dockerfile/index.js';
import type { Project } from '../../../../src/analysis/project.js';
import { pruneKeepsWhatRuns } from './prune.js';

function project(dockerfile: string, files: Record<string, string>): Project {
  return { dockerfile: parseDockerfile(dockerfile), dockerfilePath: 'Dockerfile', files, contextPaths: ['Dockerfile', ...Object.keys(files)].sort() };
}

const NOTEBOOK = 'FROM python:3.12-slim\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\nCMD ["sh", "-c", "jupyter lab --ip=0.0.0.0"]\n';

describe('prune-keeps-what-runs', () => {
  it('flags a prune that drops the notebook server CMD starts', () => {
    const p = project(NOTEBOOK, { 'requirements.txt': 'pandas\nnotebook\njupyterlab\npytest\n' });
    const v = { dockerfile: NOTEBOOK, files: { 'requirements.txt': 'pandas\njupyterlab\n' }, rules: ['prune-requirements'] };
    expect(pruneKeepsWhatRuns(p, 'prune-requirements', v)).toEqual(['removes notebook, which CMD on line 4 runs']);
  });

  it('flags what an entry script runs and what a build step imports', () => {
    const text = 'FROM python:3.12\nCOPY . .\nRUN pip install celery nltk flask black\nRUN python -c "import nltk; nltk.download(\'punkt\')"\nENTRYPOINT ["./docker-entrypoint.sh"]\n';
    const p = project(text, { 'docker-entrypoint.sh': '#!/bin/sh\nexec celery -A app worker\n' });
    const v = { dockerfile: text.replace('celery nltk flask black', 'flask'), files: {}, rules: ['prune-requirements'] };
    expect(pruneKeepsWhatRuns(p, 'prune-requirements', v)).toEqual([
      'removes celery, which docker-entrypoint.sh (started by ENTRYPOINT on line 5) runs',
      'removes nltk, which the RUN on line 4 imports or runs',
    ]);
  });

  it('passes a prune of tools nothing runs, and variants of other rules', () => {
    const p = project(NOTEBOOK, { 'requirements.txt': 'pandas\nnotebook\npytest\n' });
    const v = { dockerfile: NOTEBOOK, files: { 'requirements.txt': 'pandas\nnotebook\n' }, rules: ['prune-requirements'] };
    expect(pruneKeepsWhatRuns(p, 'prune-requirements', v)).toEqual([]);
    expect(pruneKeepsWhatRuns(p, 'pip-no-cache', { ...v, files: { 'requirements.txt': 'pandas\n' }, rules: ['pip-no-cache'] })).toEqual([]);
  });
});
