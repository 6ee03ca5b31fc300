// Whether a run analyzes imports in the built original (a container run): only when prune-requirements is selected,
// the app's .py files land somewhere known, and the project installs something prune-requirements could remove.
import { describe, expect, it } from 'vitest';
import { parseDockerfile } from '../../../src/dockerfile/index.js';
import type { Project } from '../../../src/rules/types.js';
import { wantsImportAnalysis } from '../../../src/run/import-evidence.js';

const project = (dockerfile: string, files: Record<string, string> = {}): Project => ({
  dockerfile: parseDockerfile(dockerfile), dockerfilePath: 'Dockerfile', files, contextPaths: ['app.py', ...Object.keys(files)].sort(),
});
const rules = (include: string[], exclude: string[] = []) => ({ rules: { include, exclude, force: [] }, variants: [] });
const every = rules([]);

describe('wantsImportAnalysis', () => {
  it('no requirements, pip install or python3-* package (hello-py): nothing to prune, no analysis', () => {
    expect(wantsImportAnalysis(project('FROM python:3.13\nWORKDIR /app\nCOPY app.py .\nCMD ["python", "app.py"]\n'), every)).toBe(false);
  });

  it('a requirements file, a pip install, or an apt-installed Python package: analyzed', () => {
    expect(wantsImportAnalysis(project('FROM python:3.13\nWORKDIR /app\nCOPY . .\nRUN pip install -r requirements.txt\n', { 'requirements.txt': 'flask\n' }), every)).toBe(true);
    expect(wantsImportAnalysis(project('FROM python:3.13\nWORKDIR /app\nCOPY app.py .\nRUN pip install flask pytest\n'), every)).toBe(true);
    expect(wantsImportAnalysis(project('FROM debian:trixie-slim\nWORKDIR /app\nCOPY app.py .\nRUN apt-get update && apt-get install -y python3-flask python3-yaml\n'), every)).toBe(true);
  });

  it('prune-requirements left out of the selection: never', () => {
    const p = project('FROM python:3.13\nWORKDIR /app\nCOPY app.py .\nRUN pip install flask pytest\n');
    expect(wantsImportAnalysis(p, rules(['base-slim']))).toBe(false);
    expect(wantsImportAnalysis(p, rules([], ['prune-requirements']))).toBe(false);
  });
});
