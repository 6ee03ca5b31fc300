// The README's copy-paste workflow: it parses, its dflab step uses only inputs action.yml declares, and its
// sticky-comment script (actions/github-script) updates the comment that starts with the marker, else creates one.
// The script runs as github-script runs it (an async function of github, context, require, process) against a
// recording stand-in for the REST client.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ACTION_INPUTS, ACTION_OUTPUTS } from '../../../src/action/inputs.js';
import { commentMarker } from '../../../src/report/pr-comment.js';
import { root } from '../../helpers/cli.js';

interface Step { id?: string; name?: string; uses?: string; if?: string; with?: Record<string, string>; env?: Record<string, string>; run?: string }

function readmeWorkflow(): { jobs: Record<string, { steps: Step[] }> } {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## GitHub Action'));
  const block = /```yaml\n([\s\S]*?)```/.exec(section);
  if (!block?.[1]) throw new Error('no yaml block in the README\'s GitHub Action section');
  return parse(block[1]) as { jobs: Record<string, { steps: Step[] }> };
}

const steps = Object.values(readmeWorkflow().jobs)[0]!.steps;

describe('the README workflow', () => {
  it('gives the dflab step only inputs action.yml declares, and reads only outputs it sets', () => {
    const dflab = steps.find((s) => s.id === 'dflab')!;
    expect(Object.keys(dflab.with ?? {}).every((k) => (ACTION_INPUTS as readonly string[]).includes(k))).toBe(true);
    const used = JSON.stringify(steps).match(/steps\.dflab\.outputs\.([\w-]+)/g)!.map((m) => m.split('.').at(-1)!);
    expect(used.length).toBeGreaterThan(0);
    for (const name of used) expect(ACTION_OUTPUTS).toContain(name);
  });

  it('uploads the out dir even when the step failed a check', () => {
    const upload = steps.find((s) => s.uses?.startsWith('actions/upload-artifact'))!;
    expect(upload.with?.['path']).toBe('${{ steps.dflab.outputs.report-dir }}');
    expect(upload.if).toMatch(/^always\(\)/);
  });
});

describe('the sticky-comment step', () => {
  const step = steps.find((s) => s.uses?.startsWith('actions/github-script'))!;
  const dir = mkdtempSync(join(tmpdir(), 'dflab-sticky-'));

  /** Runs the step's script on a PR whose comments are `existing`; returns the REST calls it made. */
  async function runScript(existing: { id: number; body: string | null }[], marker: string, body: string) {
    const bodyPath = join(dir, 'comment.md');
    writeFileSync(bodyPath, body);
    const calls: { call: string; args: Record<string, unknown> }[] = [];
    const rest = (call: string) => async (args: Record<string, unknown>) => { calls.push({ call, args }); return { data: {} }; };
    const listComments = rest('listComments');
    const github = {
      paginate: async (fn: unknown, args: Record<string, unknown>) => {
        expect(fn).toBe(listComments);
        calls.push({ call: 'paginate', args });
        return existing;
      },
      rest: { issues: { listComments, updateComment: rest('updateComment'), createComment: rest('createComment') } },
    };
    const context = { repo: { owner: 'acme', repo: 'app' }, issue: { number: 42 } };
    const env = { BODY_PATH: bodyPath, MARKER: marker };
    expect(Object.keys(step.env ?? {}).sort()).toEqual(Object.keys(env).sort());
    const AsyncFunction = Object.getPrototypeOf(async () => undefined).constructor as new (...args: string[]) => (...a: unknown[]) => Promise<void>;
    await new AsyncFunction('github', 'context', 'require', 'process', step.with!['script']!)(github, context, createRequire(import.meta.url), { env });
    return calls.filter((c) => c.call !== 'paginate');
  }

  it('creates the comment when the PR has none with the marker', async () => {
    const body = `${commentMarker()}\n\n### dflab on app`;
    const calls = await runScript([{ id: 1, body: 'LGTM' }, { id: 2, body: null }], commentMarker(), body);
    expect(calls).toEqual([{ call: 'createComment', args: { owner: 'acme', repo: 'app', issue_number: 42, body } }]);
  });

  it('updates the one that starts with its marker, not another project\'s', async () => {
    const marker = commentMarker('api');
    const existing = [{ id: 5, body: `${commentMarker()}\nold default` }, { id: 6, body: `quoting ${marker}` }, { id: 7, body: `${marker}\nold api` }];
    const calls = await runScript(existing, marker, `${marker}\nnew`);
    expect(calls).toEqual([{ call: 'updateComment', args: { owner: 'acme', repo: 'app', comment_id: 7, body: `${marker}\nnew` } }]);
  });
});
