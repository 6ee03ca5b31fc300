// `dflab plan`: the variants a run would build, without an engine.
import { planTrial } from '../run/trial.js';

export async function planCommand(dir: string, flags: { json?: boolean }): Promise<number> {
  const { plan } = await planTrial(dir);
  if (flags.json) {
    console.log(JSON.stringify(plan, null, 2));
    return 0;
  }
  for (const v of plan.variants) {
    console.log(`variant ${v.name}${v.rules.length ? ` (${v.rules.join(', ')})` : ''}`);
    for (const n of v.notes) console.log(`  note: ${n}`);
  }
  for (const s of plan.skipped) console.log(`not applied: ${s.rule}: ${s.reason}`);
  return 0;
}
