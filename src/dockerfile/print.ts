// The model keeps the file's exact text, so printing is the identity: byte-identical by construction.
// Changes go through edits (edit.ts) and a reparse, never through re-rendering the model.
import type { DockerfileModel } from './model.js';

export function printDockerfile(model: DockerfileModel): string {
  return model.text;
}
