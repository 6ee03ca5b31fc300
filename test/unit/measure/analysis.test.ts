import { describe, expect, it } from 'vitest';
import { analyzeImage, layerCreators } from '../../../src/measure/analysis.js';

const f = (path: string, size: number) => ({ path, type: 'file' as const, size });
const d = (path: string) => ({ path, type: 'dir' as const, size: 0 });

describe('analyze', () => {
  it('matches history rows to layers, skipping rows that made none', () => {
    expect(layerCreators([
      { createdBy: '/bin/sh -c #(nop) ADD file:x in /', sizeBytes: 10 },
      { createdBy: 'CMD ["bash"]', sizeBytes: 0 },
      { createdBy: 'RUN /bin/sh -c make # buildkit', sizeBytes: 5 },
    ], 2)).toEqual(['ADD file:x in /', 'RUN /bin/sh -c make']);
  });

  it('with layer sizes, gives an empty layer to the zero-size row that can make one (BuildKit WORKDIR), not to CMD', () => {
    const history = [
      { createdBy: '', sizeBytes: 110 }, { createdBy: 'LABEL a=b', sizeBytes: 0 }, { createdBy: 'CMD ["bash"]', sizeBytes: 0 },
      { createdBy: 'RUN /bin/sh -c apt-get update # buildkit', sizeBytes: 34 }, { createdBy: 'WORKDIR /app', sizeBytes: 0 },
      { createdBy: 'COPY . . # buildkit', sizeBytes: 11 }, { createdBy: 'RUN /bin/sh -c true # buildkit', sizeBytes: 0 },
      { createdBy: 'EXPOSE map[8000/tcp:{}]', sizeBytes: 0 }, { createdBy: 'CMD ["python3" "app.py"]', sizeBytes: 0 },
    ];
    expect(layerCreators(history, 5, [110, 34, 0, 11, 0])).toEqual(['', 'RUN /bin/sh -c apt-get update', 'WORKDIR /app', 'COPY . .', 'RUN /bin/sh -c true']);
    expect(layerCreators(history, 4, [110, 34, 0, 11])).toEqual(['', 'RUN /bin/sh -c apt-get update', 'WORKDIR /app', 'COPY . .']);
    // sizes that fit no row: the newest rows, as without them
    expect(layerCreators(history, 2, [0, 0])).toEqual(['EXPOSE map[8000/tcp:{}]', 'CMD ["python3" "app.py"]']);
  });

  it('tells a deleted file from a rewritten one and says where the rm belongs', () => {
    const a = analyzeImage({
      image: 'x', sizeBytes: 0, baseLayerCount: 1, baseSource: 'test',
      history: [{ createdBy: 'base', sizeBytes: 1 }, { createdBy: 'RUN a', sizeBytes: 1 }, { createdBy: 'RUN b', sizeBytes: 1 }],
      layers: [
        { diffId: '0', entries: [d('etc'), f('etc/conf', 10)], fileBytes: 10 },
        { diffId: '1', entries: [d('tmp'), f('tmp/big', 1000), d('etc'), f('etc/conf', 12)], fileBytes: 1012 },
        { diffId: '2', entries: [d('tmp'), f('tmp/.wh.big', 0)], fileBytes: 0 },
      ],
    });
    expect(a.wasted.map((w) => w.path)).toEqual(['/tmp/big', '/etc/conf']);
    expect(a.wasted[0]).toMatchObject({ createdIn: 1, removedIn: 2 });
    expect(a.wasted[0]!.advice).toMatch(/^created in layer 1, deleted in layer 2: delete it in the RUN that creates it/);
    expect(a.wasted[1]!.advice).toMatch(/^rewritten in layers 0, 1: /);
    expect(a.layers[1]).toMatchObject({ createdBy: 'RUN a', base: false, largest: [{ path: '/tmp/big', sizeBytes: 1000 }, { path: '/etc/conf', sizeBytes: 12 }] });
    expect(a.reclaimableBytes).toBe(1010);
  });
});
