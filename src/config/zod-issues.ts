// Turns zod's issues into ConfigIssues that name the key and say what was expected, one per key.
import type { z } from 'zod';
import { closest, describeValue, formatPath, type ConfigIssue } from './issues.js';

/** Subtrees whose values may be secrets: messages about them describe the type, never the value. */
const SECRET_ROOTS = new Set(['buildArgs']);

const TYPE_WORDS: Record<string, string> = {
  string: 'a string', number: 'a number', integer: 'an integer', boolean: 'true or false',
  array: 'a list', object: 'a mapping', null: 'nothing',
};

export function issuesFromZod(error: z.ZodError, input: unknown, schema: z.ZodTypeAny): ConfigIssue[] {
  const seen = new Set<string>();
  const out: ConfigIssue[] = [];
  for (const issue of error.issues) {
    for (const one of convert(issue, input, schema)) {
      if (seen.has(one.path)) continue; // one error per key: the first is the most basic
      seen.add(one.path);
      out.push(one);
    }
  }
  return out;
}

function convert(issue: z.ZodIssue, input: unknown, schema: z.ZodTypeAny): ConfigIssue[] {
  const path = formatPath(issue.path);
  switch (issue.code) {
    case 'unrecognized_keys': {
      const known = keysAt(schema, issue.path);
      return issue.keys.map((key) => {
        const guess = closest(key, known);
        const hint = guess ? `did you mean "${guess}"? ` : '';
        return { path: formatPath([...issue.path, key]), message: `unknown key; ${hint}expected one of: ${known.join(', ')}` };
      });
    }
    case 'invalid_type': {
      const expected = TYPE_WORDS[issue.expected] ?? issue.expected;
      if (issue.received === 'undefined') return [{ path, message: `is required (expected ${expected})` }];
      const value = valueAt(input, issue.path);
      const got = SECRET_ROOTS.has(String(issue.path[0])) ? (TYPE_WORDS[issue.received] ?? issue.received) : describeValue(value);
      return [{ path, message: `expected ${expected}, got ${got}` }];
    }
    case 'invalid_enum_value':
      return [{ path, message: `expected one of ${issue.options.join(', ')}, got ${describeValue(issue.received)}` }];
    default:
      return [{ path, message: issue.message }];
  }
}

function valueAt(input: unknown, path: readonly (string | number)[]): unknown {
  let node = input;
  for (const part of path) node = node !== null && typeof node === 'object' ? (node as Record<string | number, unknown>)[part] : undefined;
  return node;
}

/** The keys the schema allows at `path`, for "expected one of" on an unknown key. */
function keysAt(schema: z.ZodTypeAny, path: readonly (string | number)[]): string[] {
  let node: z.ZodTypeAny | undefined = unwrap(schema);
  for (const part of path) {
    const def = node?._def as { typeName?: string; shape?: () => Record<string, z.ZodTypeAny>; type?: z.ZodTypeAny; valueType?: z.ZodTypeAny } | undefined;
    if (def?.typeName === 'ZodObject' && def.shape) node = def.shape()[String(part)];
    else if (def?.typeName === 'ZodArray') node = def.type;
    else if (def?.typeName === 'ZodRecord') node = def.valueType;
    else return [];
    node = node && unwrap(node);
  }
  const def = node?._def as { typeName?: string; shape?: () => Record<string, unknown> } | undefined;
  return def?.typeName === 'ZodObject' && def.shape ? Object.keys(def.shape()) : [];
}

/** Looks through optional/nullable/refine wrappers to the schema that gives the shape. */
function unwrap(schema: z.ZodTypeAny): z.ZodTypeAny {
  let node = schema;
  for (;;) {
    const def = node._def as { typeName?: string; innerType?: z.ZodTypeAny; schema?: z.ZodTypeAny };
    if ((def.typeName === 'ZodOptional' || def.typeName === 'ZodNullable' || def.typeName === 'ZodDefault') && def.innerType) node = def.innerType;
    else if (def.typeName === 'ZodEffects' && def.schema) node = def.schema;
    else return node;
  }
}
