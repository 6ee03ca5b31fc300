import { describe, expect, it } from 'vitest';
import { historyWithLayerBytes } from '../../../src/engine/layer-bytes.js';
import type { HistoryEntry } from '../../../src/engine/types.js';

const row = (createdBy: string, sizeBytes: number, emptyLayer = sizeBytes === 0): HistoryEntry => ({ createdBy, sizeBytes, emptyLayer, comment: '' });

describe('historyWithLayerBytes', () => {
  // What the containerd store's `docker history` gives: block-rounded disk usage per layer.
  const history = [row('/bin/sh -c #(nop) ADD file:abc in /', 120_573_952), row('WORKDIR /app', 0), row('RUN /bin/sh -c echo hi > /a', 4096), row('CMD ["sh"]', 0)];

  it('puts each layer tar\'s file bytes on the row that made the layer, empty rows stay 0', () => {
    expect(historyWithLayerBytes(history, [110_004_748, 3]).map((h) => h.sizeBytes)).toEqual([110_004_748, 0, 3, 0]);
  });

  it('keeps a layer of 0 bytes on its row (an empty RUN layer counts as a layer)', () => {
    expect(historyWithLayerBytes(history, [110_004_748, 0]).map((h) => h.sizeBytes)).toEqual([110_004_748, 0, 0, 0]);
  });

  it('matches the newest rows when the non-empty rows do not add up to the layer count', () => {
    // The classic store reports a layer holding only a whiteout as 0 bytes: it looks empty.
    const classic = [row('ADD file:abc in /', 110_008_760), row('RUN rm /a', 0), row('RUN echo > /b', 1)];
    expect(historyWithLayerBytes(classic, [110_004_748, 0, 1]).map((h) => h.sizeBytes)).toEqual([110_004_748, 0, 1]);
  });

  it('follows the image config\'s empty_layer flags: a WORKDIR and a delete-only RUN make layers of 0 bytes', () => {
    // Classic store, FROM + WORKDIR + RUN seq + COPY + RUN rm + CMD: five layers, history shows three with bytes.
    const classic = [row('ADD file:abc in /', 110_008_760), row('WORKDIR /app', 0), row('RUN seq 1 300000 > /app/s', 2_188_895),
      row('COPY hello.sh ./ # buildkit', 8), row('RUN rm /app/z', 0), row('CMD ["sh"]', 0)];
    const flags = [false, false, false, false, false, true];
    expect(historyWithLayerBytes(classic, [110_004_748, 0, 2_188_895, 8, 0], flags).map((h) => h.sizeBytes)).toEqual([110_004_748, 0, 2_188_895, 8, 0, 0]);
    // Without the flags the newest rows are matched, which misplaces every layer here.
    expect(historyWithLayerBytes(classic, [110_004_748, 0, 2_188_895, 8, 0]).map((h) => h.sizeBytes)).not.toEqual([110_004_748, 0, 2_188_895, 8, 0, 0]);
  });

  it('leaves the instructions and flags as they were', () => {
    const out = historyWithLayerBytes(history, [1, 2]);
    expect(out.map((h) => [h.createdBy, h.emptyLayer])).toEqual(history.map((h) => [h.createdBy, h.emptyLayer]));
  });
});
