// A step a variant shares with the original (issue 14) is credited in the variant's cold time with what it cost when
// it ran: the step's key ignores the stage name and position, so `[builder 3/10] RUN …` cached after `[3/9] RUN …`
// ran is the same step.
import { describe, expect, it } from 'vitest';
import { BuildProgress } from '../../../src/engine/rawjson.js';
import { StepTimes } from '../../../src/run/step-times.js';

const at = (s: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, s)).toISOString();

function build(stage: string, n: number, cached: boolean) {
  const p = new BuildProgress();
  p.add({ vertexes: [
    { digest: `${stage}-from`, name: `[${stage}1/${n}] FROM docker.io/library/buildpack-deps:trixie`, cached: true, started: at(0), completed: at(0) },
    { digest: `${stage}-run`, name: `[${stage}2/${n}] RUN apt-get install -y python3-torch`, inputs: [`${stage}-from`], cached, started: at(1), completed: at(cached ? 1 : 41) },
    { digest: `${stage}-exp`, name: `[${stage}3/${n}] RUN python3 export_onnx.py`, inputs: [`${stage}-run`], started: at(42), completed: at(45) },
  ] });
  return p.steps();
}

describe('cold time of a variant whose builder shares the original\'s steps', () => {
  it('credits the shared step with the time it took in the original\'s build', () => {
    const times = StepTimes.inMemory();
    const original = times.attribute(build('', 3, false).slice(0, 2));
    expect(original.coldSeconds).toBe(40);
    const variant = times.attribute(build('builder ', 4, true));
    expect(variant.steps.map((s) => [s.seconds, s.cached, s.estimated])).toEqual([[0, true, true], [40, true, true], [3, false, false]]);
    expect(variant.coldSeconds).toBe(43);
  });
});
