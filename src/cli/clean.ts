// `dflab clean`: removes every container and image a past (or interrupted) run left, found by label, on the
// process's own engine or, with --builder a,b, on every engine those builders load into.
import { requireEngine } from '../engine/availability.js';
import { distinctEndpoints, resolveBuilders } from '../engine/builders.js';
import { removeRunObjects } from '../engine/docker.js';
import { OWN_ENGINE } from '../engine/endpoint.js';
import { EXIT } from '../errors.js';
import { builderSpecs } from '../run/builders.js';

export async function cleanCommand(flags: { run?: string; json?: boolean; builder?: string }): Promise<number> {
  await requireEngine();
  const endpoints = flags.builder ? distinctEndpoints(await resolveBuilders(builderSpecs(flags.builder, []))) : [OWN_ENGINE];
  const removed = { containers: 0, images: 0 };
  for (const e of endpoints) {
    const r = await removeRunObjects(flags.run, true, e);
    removed.containers += r.containers;
    removed.images += r.images;
  }
  const scope = flags.run ? `run ${flags.run}` : 'all dflab runs';
  const where = endpoints.length > 1 ? ` on ${endpoints.length} engines` : '';
  console.log(flags.json ? JSON.stringify({ scope, ...removed }) : `removed ${removed.containers} container(s) and ${removed.images} image(s) of ${scope}${where}`);
  return EXIT.ok;
}
