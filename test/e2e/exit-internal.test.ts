// Exit codes CI can trust: a dflab bug exits 70 in every command, however it surfaces (thrown by the handler, a
// promise rejected that nobody awaits, a stream's 'error' event nobody listens to), with one line and no stack trace
// unless DFLAB_DEBUG=1. DFLAB_FAULT is the test hook in src/cli/main.ts; it fires before any command touches the
// engine, so this file needs none.
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

/** One invocation per command family, with valid arguments: only the forced fault can fail them. */
const COMMANDS: string[][] = [
  ['run', '.'], ['plan', '.'], ['analyze', 'debian:trixie-slim'], ['diff', 'a:1', 'b:1'],
  ['check', 'debian:trixie-slim', '--max-size', '1GB'], ['report', '.'], ['clean'], ['doctor'],
];
const FAULTS = ['internal', 'internal-async', 'internal-stream'];

describe('a forced internal error', () => {
  it.each(FAULTS)('DFLAB_FAULT=%s exits 70 with one line in every command', async (fault) => {
    for (const args of COMMANDS) {
      const res = await runCli(args, { env: { DFLAB_FAULT: fault }, timeoutMinutes: 1 });
      expect(res.status, `${args[0]}: ${res.stderr}`).toBe(70);
      expect(res.stderr, args[0]).toBe(`dflab: internal error: forced by DFLAB_FAULT=${fault} (a dflab bug: please report it; DFLAB_DEBUG=1 prints the stack)\n`);
      expect(res.stdout, args[0]).toBe('');
    }
  });

  it('prints the stack with DFLAB_DEBUG=1', async () => {
    const res = await runCli(['plan', '.'], { env: { DFLAB_FAULT: 'internal', DFLAB_DEBUG: '1' }, timeoutMinutes: 1 });
    expect(res.status).toBe(70);
    expect(res.stderr).toMatch(/\n\s+at \S*injectFault\b/);
  });

  it('an unknown DFLAB_FAULT is a usage error, not a silent no-op', async () => {
    const res = await runCli(['plan', '.'], { env: { DFLAB_FAULT: 'nope' }, timeoutMinutes: 1 });
    expect(res.status).toBe(2);
    expect(res.stderr).toMatch(/^dflab: DFLAB_FAULT=nope: unknown fault\n {2}hint: /);
  });
});
