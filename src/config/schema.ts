// Step 2 of parsing: the shape of dflab.yaml (DESIGN.md "Contracts"). Every key is optional and
// null means "not set"; unknown keys are errors (.strict()) because a typo would otherwise be
// silently ignored. Per-key checks (ranges, regexes that must compile) live here so all of them are
// reported together; checks across keys are in checks.ts.
import { z } from 'zod';
import { OBJECTIVES } from '../rank/objectives.js';
import { ALL_VARIANT, ORIGINAL } from '../results.js';
import { describeValue } from './issues.js';

export const HTTP_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;
export const RULE_ID = /^[a-z0-9][a-z0-9-]*$/;
/** Variant names become folder, patch and image-tag names. */
export const VARIANT_NAME = /^[a-z0-9][a-z0-9._-]{0,62}$/;
const BUILD_ARG_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** BuildKit's stage names: a letter, then letters, digits, `-`, `_`, `.`. */
const STAGE_NAME = /^[A-Za-z][A-Za-z0-9_.-]*$/;
const MAX_TIMEOUT_SECONDS = 3600;
/** More edit-rebuilds than this add time, not knowledge: half the range of 20 samples is already steady. */
const MAX_REPEAT = 20;

function expect<T extends z.ZodTypeAny>(schema: T, ok: (v: z.output<T>) => boolean, expected: string) {
  return schema.refine(ok, (v) => ({ message: `expected ${expected}, got ${describeValue(v)}` }));
}

const nonEmpty = expect(z.string(), (s) => s.trim() !== '', 'a non-empty string');
const intIn = (min: number, max: number, what: string) =>
  expect(z.number(), (n) => Number.isInteger(n) && n >= min && n <= max, `${what} from ${min} to ${max}`);
const regex = z.string().superRefine((source, ctx) => {
  const problem = regexProblem(source);
  if (problem) ctx.addIssue({ code: 'custom', message: `expected a regular expression, got ${describeValue(source)} (${problem})` });
});
const ruleId = expect(z.string(), (s) => RULE_ID.test(s), 'a rule id such as "base-slim"');
const imageRef = expect(z.string(), (s) => /^\S+$/.test(s), 'an image reference such as "python:3.13-slim"');
const buildArgName = expect(z.string(), (s) => BUILD_ARG_NAME.test(s), 'a build arg name (letters, digits, "_")');
// Values may be secret: the message never echoes them. Floats are refused because YAML reads
// 3.10 as 3.1; quoting keeps the value as written.
const buildArgValue = z.custom<string | number | boolean>(
  (v) => typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isInteger(v)),
  { message: 'expected a string (quote numbers such as "3.10" so YAML keeps them as written)' },
);
const command = z.custom<string | string[]>(
  (v) => (typeof v === 'string' && v.trim() !== '') || (Array.isArray(v) && v.length > 0 && v.every((s) => typeof s === 'string')),
  (v) => ({ message: `expected a command string (run with sh -c) or a non-empty list of strings, got ${describeValue(v)}` }),
);

const httpSchema = z.object({
  port: intIn(1, 65535, 'a port number'),
  path: expect(z.string(), (s) => s.startsWith('/'), 'a URL path starting with "/"').nullish(),
  method: expect(z.string(), (s) => (HTTP_METHODS as readonly string[]).includes(s.toUpperCase()), `one of ${HTTP_METHODS.join(', ')}`).nullish(),
  body: z.string().nullish(),
  expectStatus: intIn(100, 599, 'an HTTP status').nullish(),
  expectBody: regex.nullish(),
}).strict();

const smokeSchema = z.object({
  command: command.nullish(),
  expectExitCode: intIn(0, 255, 'an exit code').nullish(),
  expectStdout: regex.nullish(),
  timeoutSeconds: expect(z.number(), (n) => n > 0 && n <= MAX_TIMEOUT_SECONDS, `a number of seconds above 0 and at most ${MAX_TIMEOUT_SECONDS}`).nullish(),
  http: httpSchema.nullish(),
}).strict();

const variantSchema = z.object({
  name: expect(z.string(), (s) => VARIANT_NAME.test(s), 'a name of lowercase letters, digits, ".", "_" or "-" (it names a folder and a patch)')
    .refine((s) => s !== ORIGINAL, { message: '"original" is reserved for the unchanged Dockerfile; choose another name' })
    .refine((s) => s !== ALL_VARIANT, { message: '"all" is reserved for the variant that combines every selected rule; choose another name' }),
  rules: expect(z.array(ruleId), (a) => a.length > 0, 'a non-empty list of rule ids'),
}).strict();

const onnxSchema = z.object({
  export: nonEmpty,
  artifact: nonEmpty,
  runtime: z.array(nonEmpty).nullish(),
  env: z.record(buildArgName, z.string()).nullish(),
}).strict();

/** buildx builder and docker context names (as `docker buildx create --name` and `docker context create` accept). */
const builderName = expect(z.string(), (s) => /^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(s), 'a buildx builder name such as "default"');
const contextName = expect(z.string(), (s) => /^[A-Za-z0-9][A-Za-z0-9_.+-]*$/.test(s), 'a docker context name such as "default"');
const builderSchema = z.union([builderName, z.object({ name: builderName, context: contextName.nullish() }).strict()]);

const weight = expect(z.number(), (n) => Number.isFinite(n) && n >= 0 && n <= 100, 'a weight from 0 to 100');
const weightsSchema = z.object({ size: weight.nullish(), compressed: weight.nullish(), build: weight.nullish() }).strict();

export const configSchema = z.object({
  dockerfile: nonEmpty.nullish(),
  context: nonEmpty.nullish(),
  // One probe; a list of them is read probe by probe (parse.ts), each through this schema.
  smoke: smokeSchema.nullish(),
  minify: z.object({ keep: z.array(expect(z.string(), (s) => s.startsWith('/'), 'an absolute path in the image')).nullish() }).strict().nullish(),
  rules: z.object({ include: z.array(ruleId).nullish(), exclude: z.array(ruleId).nullish(), force: z.array(ruleId).nullish() }).strict().nullish(),
  bases: z.array(imageRef).nullish(),
  variants: z.array(variantSchema).nullish(),
  prune: z.object({ keep: z.array(nonEmpty).nullish() }).strict().nullish(),
  onnx: onnxSchema.nullish(),
  rank: z.object({ objective: z.enum(OBJECTIVES).nullish(), weights: weightsSchema.nullish() }).strict().nullish(),
  buildArgs: z.record(buildArgName, buildArgValue).nullish(),
  secretBuildArgs: z.array(buildArgName).nullish(),
  target: expect(z.string(), (s) => STAGE_NAME.test(s), 'a stage name (the word after AS in a FROM line)').nullish(),
  repeat: intIn(1, MAX_REPEAT, 'a number of edit-rebuilds').nullish(),
  zstd: z.boolean().nullish(),
  builders: expect(z.array(builderSchema), (a) => a.length > 0, 'a non-empty list of buildx builders').nullish(),
}).strict();

export type RawConfig = z.output<typeof configSchema>;
export type RawSmoke = NonNullable<RawConfig['smoke']>;
/** A config with one probe alone: how parse.ts reads each item of a `smoke:` list. */
export const probeSchema = z.object({ smoke: smokeSchema }).strict();

/** Why `source` is not a valid JavaScript regex (the flavour the smoke test uses), or null. */
export function regexProblem(source: string): string | null {
  try {
    new RegExp(source);
    return null;
  } catch (e) {
    // "Invalid regular expression: /(/: Unterminated group" → "Unterminated group"
    const message = (e as Error).message;
    const at = message.lastIndexOf('/: ');
    return at >= 0 ? message.slice(at + 3) : message;
  }
}
