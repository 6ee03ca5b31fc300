// The semantic checks run on every planned variant of every real-world fixture. Each takes the original project and
// one variant and returns its violations (empty: fine). One file per class of failure (issue 11).
import type { Project } from '../../../../src/analysis/project.js';
import { alpineCheck } from './alpine.js';
import { ignoreKeepsWhatBuildReads } from './build-reads.js';
import { noOpCheck } from './no-op.js';
import { pruneKeepsWhatRuns } from './prune.js';
import { shellStructure } from './shell-structure.js';
import { torchCpuCheck } from './torch-cpu.js';

export interface VariantUnderCheck {
  dockerfile: string;
  /** Context files the variant writes (null: deleted), by context-relative path. */
  files: Record<string, string | null>;
  /** The rules the variant applied, in order. */
  rules: string[];
}

export type Check = (original: Project, variantName: string, variant: VariantUnderCheck) => string[];

export const checks: Record<string, Check> = {
  alpine: alpineCheck,
  'no-op': noOpCheck,
  'shell-structure': shellStructure,
  'torch-cpu': torchCpuCheck,
  'prune-keeps-what-runs': pruneKeepsWhatRuns,
  'build-reads': ignoreKeepsWhatBuildReads,
};
