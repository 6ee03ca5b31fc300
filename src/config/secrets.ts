// Secret build args: dflab.yaml names them, the environment holds their values. The values are
// handed to the build and never appear in messages, logs or reports.
import { UserError } from '../errors.js';
import type { DflabConfig } from './types.js';

export interface ResolvedBuildArgs {
  /** Every build arg, plain and secret, for the build command. */
  args: Record<string, string>;
  /** The secret values, for redacting any text before it is printed or written. */
  secretValues: string[];
}

export function resolveBuildArgs(config: DflabConfig, env: Record<string, string | undefined>): ResolvedBuildArgs {
  const missing = config.secretBuildArgs.filter((name) => env[name] === undefined);
  if (missing.length > 0) {
    throw new UserError(`secret build args not set in the environment: ${missing.join(', ')}`, {
      where: 'dflab.yaml: secretBuildArgs',
      hint: `export ${missing.map((n) => `${n}=…`).join(' ')} before running dflab`,
    });
  }
  const secrets = Object.fromEntries(config.secretBuildArgs.map((name) => [name, env[name] ?? '']));
  return { args: { ...config.buildArgs, ...secrets }, secretValues: Object.values(secrets).filter((v) => v !== '') };
}

/** Replaces every secret value in `text` with "***". */
export function redactSecrets(text: string, secretValues: readonly string[]): string {
  // Longest first, so a secret that contains another is replaced whole.
  return [...secretValues].sort((a, b) => b.length - a.length).reduce((out, secret) => out.split(secret).join('***'), text);
}
