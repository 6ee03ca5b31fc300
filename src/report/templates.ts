// Templates live in <package root>/templates/. This file is src/report/templates.ts in the source
// tree and dist/report/templates.js when built; two levels up is the package root in both.
import { readFileSync } from 'node:fs';

const TEMPLATE_DIR = new URL('../../templates/', import.meta.url);

export function readTemplate(name: string): string {
  return readFileSync(new URL(name, TEMPLATE_DIR), 'utf8');
}
