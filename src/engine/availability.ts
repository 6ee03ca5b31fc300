// Commands that need the engine fail with exit code 3 and a fix when it does not answer.
import { pingEngine } from './docker.js';
import { EXIT, UserError } from '../errors.js';

export async function requireEngine(): Promise<void> {
  const down = await pingEngine();
  if (down) {
    throw new UserError(`the Docker engine does not answer (${down})`, {
      exitCode: EXIT.engine,
      hint: 'start it: `bash scripts/engine-up.sh` (or your Docker service), then check with `dflab doctor`',
    });
  }
}
