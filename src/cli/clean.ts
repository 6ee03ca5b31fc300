// `dflab clean`: removes every container and image a past (or interrupted) run left, found by label.
import { requireEngine } from '../engine/availability.js';
import { removeRunObjects } from '../engine/docker.js';
import { EXIT } from '../errors.js';

export async function cleanCommand(flags: { run?: string; json?: boolean }): Promise<number> {
  await requireEngine();
  const removed = await removeRunObjects(flags.run, true);
  const scope = flags.run ? `run ${flags.run}` : 'all dflab runs';
  console.log(flags.json ? JSON.stringify({ scope, ...removed }) : `removed ${removed.containers} container(s) and ${removed.images} image(s) of ${scope}`);
  return EXIT.ok;
}
