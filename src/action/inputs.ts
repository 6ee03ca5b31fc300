// The GitHub Action's inputs (action.yml passes each one as INPUT_<NAME> in the entry step's env), its outputs'
// names, and the dflab command lines the inputs make. Pure: the environment in, argument lists out; the CLI validates the values.
import { UserError } from '../errors.js';

/** Every input the entry script reads; action.yml declares exactly these (a unit test keeps them equal). */
export const ACTION_INPUTS = [
  'project', 'rules', 'bases', 'objective', 'budget',
  'max-size', 'max-compressed', 'min-efficiency', 'max-wasted', 'check-variant',
  'out-dir', 'artifact-name', 'comment-key',
] as const;

export type InputName = (typeof ACTION_INPUTS)[number];

/** Every output the entry script sets; action.yml declares exactly these. */
export const ACTION_OUTPUTS = [
  'recommended', 'size-bytes', 'saving-percent', 'report-dir', 'comment-path', 'comment-marker', 'pr-number', 'check-passed', 'check-report',
] as const;

export type ActionOutputs = Record<(typeof ACTION_OUTPUTS)[number], string>;

/** The env var a composite action's step maps an input to: INPUT_MAX_SIZE for max-size. */
export function inputEnvName(name: string): string {
  return `INPUT_${name.toUpperCase().replace(/[- ]/g, '_')}`;
}

export interface ActionInputs {
  project: string;
  rules: string[];
  bases: string[];
  objective: string | null;
  budget: string | null;
  thresholds: Partial<Record<'max-size' | 'max-compressed' | 'min-efficiency' | 'max-wasted', string>>;
  checkVariant: string;
  outDir: string;
  artifactName: string;
  commentKey: string;
}

export function readInputs(env: NodeJS.ProcessEnv): ActionInputs {
  const get = (name: InputName) => (env[inputEnvName(name)] ?? '').trim();
  const thresholds: ActionInputs['thresholds'] = {};
  for (const name of ['max-size', 'max-compressed', 'min-efficiency', 'max-wasted'] as const) {
    if (get(name)) thresholds[name] = get(name);
  }
  return {
    project: get('project') || '.',
    rules: list(get('rules')),
    bases: list(get('bases')),
    objective: get('objective') || null,
    budget: get('budget') || null,
    thresholds,
    checkVariant: get('check-variant') || 'original',
    // One per comment key, so a job that runs the action on two projects keeps their out dirs apart.
    outDir: get('out-dir') || `${env['RUNNER_TEMP'] ?? '.'}/dflab-out${get('comment-key') ? `-${get('comment-key').replace(/[^A-Za-z0-9._-]+/g, '-')}` : ''}`,
    artifactName: get('artifact-name') || 'dflab-report',
    commentKey: get('comment-key'),
  };
}

/** Workflows write lists comma-separated or one per line; dflab takes them comma-separated. */
function list(value: string): string[] {
  return value.split(/[,\s]+/).filter(Boolean);
}

/**
 * `dflab run`'s arguments. `runHelp` is `dflab run --help`'s text: the budget input passes through only when that
 * dflab has a --budget flag; otherwise a budget is refused rather than silently ignored.
 */
export function runArgs(inputs: ActionInputs, runHelp: string): string[] {
  const args = ['run', inputs.project, '--out', inputs.outDir];
  if (inputs.rules.length) args.push('--rules', inputs.rules.join(','));
  if (inputs.bases.length) args.push('--bases', inputs.bases.join(','));
  if (inputs.objective) args.push('--objective', inputs.objective);
  if (inputs.budget !== null) {
    if (!/^\s*(-\w, )?--budget\b/m.test(runHelp)) {
      throw new UserError(`the budget input (${inputs.budget}) is set, but this dflab's \`run\` has no --budget flag`, {
        hint: 'remove the budget input, or use a dflab version whose `dflab run --help` lists --budget',
      });
    }
    args.push('--budget', inputs.budget);
  }
  return args;
}

/** `dflab check`'s arguments on the run's out dir, or null when no threshold is given. */
export function checkArgs(inputs: ActionInputs): string[] | null {
  const flags = Object.entries(inputs.thresholds).flatMap(([name, value]) => [`--${name}`, value]);
  if (flags.length === 0) return null;
  return ['check', inputs.outDir, '--variant', inputs.checkVariant, ...flags, '--json'];
}
