// Writes a trial's outputs: results.json (the contract), patches/<variant>.patch, report.md.
import { mkdir, writeFile } from 'node:fs/promises';
import { join, posix, relative, sep } from 'node:path';
import type { LoadedProject } from '../context/project.js';
import { redactSecrets } from '../config/index.js';
import type { Plan } from '../plan/index.js';
import { makePatch, renderMarkdownReport } from '../report/index.js';
import type { Results } from '../results.js';

export interface OutputsInput {
  outDir: string;
  results: Results;
  plan: Plan;
  loaded: LoadedProject;
  recommendedReason: string;
  /** Values of secret build args: redacted from everything written. */
  secretValues: string[];
}

export async function writeOutputs({ outDir, results, plan, loaded, recommendedReason, secretValues }: OutputsInput): Promise<void> {
  const diffs: Record<string, string> = {};
  const notes: Record<string, string[]> = {};
  await mkdir(join(outDir, 'patches'), { recursive: true });
  const { project } = loaded;
  // Patches apply at the project dir; rule paths are relative to the build context.
  const toProject = (p: string) => posix.join(relative(loaded.dir, loaded.contextDir).split(sep).join('/'), p);
  for (const v of plan.variants) {
    notes[v.name] = v.notes;
    if (v.name === 'original') continue;
    const patch = makePatch([
      { path: toProject(project.dockerfilePath), oldText: project.dockerfile.text, newText: v.dockerfile },
      ...v.files.map((f) => ({ path: toProject(f.path), oldText: project.files[f.path] ?? null, newText: f.newText })),
    ]);
    diffs[v.name] = patch;
    await writeFile(join(outDir, 'patches', `${v.name}.patch`), patch);
  }
  if (results.recommended && diffs[results.recommended] !== undefined) {
    await writeFile(join(outDir, 'patches', 'recommended.patch'), diffs[results.recommended] ?? '');
  }
  const redact = (text: string) => redactSecrets(text, secretValues);
  await writeFile(join(outDir, 'results.json'), redact(`${JSON.stringify(results, null, 2)}\n`));
  const md = renderMarkdownReport({ results, diffs, notes, skipped: plan.skipped, recommendedReason });
  await writeFile(join(outDir, 'report.md'), redact(md));
}
