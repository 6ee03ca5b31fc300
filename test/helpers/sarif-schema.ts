// The official SARIF 2.1.0 schema (test/fixtures/sarif/, see SOURCE.md) compiled with ajv + ajv-formats.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv, type ErrorObject } from 'ajv';
import addFormats from 'ajv-formats';

const file = join(import.meta.dirname, '../fixtures/sarif/sarif-schema-2.1.0.json');

function compile() {
  const { id, $schema: _draft04, ...rest } = JSON.parse(readFileSync(file, 'utf8')) as { id: string; $schema: string };
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats.default(ajv);
  return ajv.compile({ $id: id, ...rest });
}

const validate = compile();

/** The schema's complaints about a document (empty: it is valid SARIF 2.1.0). */
export function sarifErrors(doc: unknown): ErrorObject[] {
  return validate(doc) ? [] : [...(validate.errors ?? [])];
}
