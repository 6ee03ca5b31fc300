// What a run keeps of each planned variant beside its Dockerfile (OUT/variants/<name>/variant.json), so
// the report and the patches can be rendered again from the out dir alone (`dflab report OUT`).
import { makePatch, type FileChange } from './patch.js';

export interface VariantRecord {
  name: string;
  rules: string[];
  /** For a base trial: the candidate base image. */
  base?: string;
  notes: string[];
  /** Where the Dockerfile is in the project, "/"-separated: the path the patch edits. */
  dockerfilePath: string;
  /** Context files the variant adds, changes or removes, with paths relative to the project dir. */
  files: FileChange[];
}

/** The variant's patch against the original project: its Dockerfile, then its context files. */
export function patchOf(record: VariantRecord, originalDockerfile: string, variantDockerfile: string): string {
  return makePatch([{ path: record.dockerfilePath, oldText: originalDockerfile, newText: variantDockerfile }, ...record.files]);
}
