import { describe, expect, it } from 'vitest';
import { attributeLayers, historyKeyword } from '../../../src/measure/layers.js';

describe('layer attribution', () => {
  it('reads the keyword of BuildKit and classic history entries', () => {
    expect(historyKeyword('RUN /bin/sh -c pip install -r requirements.txt # buildkit')).toBe('RUN');
    expect(historyKeyword('/bin/sh -c apt-get update')).toBe('RUN');
    expect(historyKeyword('/bin/sh -c #(nop) COPY file:abc in /app ')).toBe('COPY');
    expect(historyKeyword('COPY . . # buildkit')).toBe('COPY');
    expect(historyKeyword('WORKDIR /app')).toBe('WORKDIR');
    expect(historyKeyword('|1 PY=3 /bin/sh -c make')).toBe('RUN');
  });

  it('groups base layers and aligns the rest with the chain in order, skipping metadata-only entries', () => {
    const history = [
      { createdBy: '', sizeBytes: 100 },
      { createdBy: 'CMD ["bash"]', sizeBytes: 0 },
      { createdBy: 'WORKDIR /app', sizeBytes: 0 },
      { createdBy: 'COPY req.txt . # buildkit', sizeBytes: 10 },
      { createdBy: 'RUN /bin/sh -c pip install -r req.txt # buildkit', sizeBytes: 500 },
      { createdBy: 'COPY . . # buildkit', sizeBytes: 30 },
      { createdBy: 'CMD ["python", "app.py"]', sizeBytes: 0 },
    ];
    const chain = [
      { keyword: 'WORKDIR', raw: 'WORKDIR /app', line: 2, stage: 0 },
      { keyword: 'COPY', raw: 'COPY req.txt .', line: 3, stage: 0 },
      { keyword: 'RUN', raw: 'RUN pip install \\\n  -r req.txt', line: 4, stage: 0 },
      { keyword: 'COPY', raw: 'COPY . .', line: 6, stage: 0 },
      { keyword: 'CMD', raw: 'CMD ["python", "app.py"]', line: 7, stage: 0 },
    ];
    expect(attributeLayers(history, 2, chain)).toEqual([
      { instruction: 'base', line: null, stage: null, sizeBytes: 100 },
      { instruction: 'COPY req.txt .', line: 3, stage: 0, sizeBytes: 10 },
      { instruction: 'RUN pip install -r req.txt', line: 4, stage: 0, sizeBytes: 500 },
      { instruction: 'COPY . .', line: 6, stage: 0, sizeBytes: 30 },
    ]);
  });
});

describe('wholeInstruction', () => {
  it('joins a continued RUN into one line, comment lines dropped, so the size bars classify from all of it', async () => {
    const { wholeInstruction } = await import('../../../src/measure/layers.js');
    const { categoryOf } = await import('../../../src/report/layer-categories.js');
    const raw = 'RUN apt-get update \\\n    # the ML stack\n    && apt-get install -y \\\n       python3-torch';
    const text = wholeInstruction(raw);
    expect(text).toBe('RUN apt-get update && apt-get install -y python3-torch');
    expect(categoryOf({ instruction: text, line: 3, stage: 0, sizeBytes: 1 })).toBe('dependencies');
    expect(categoryOf({ instruction: 'RUN apt-get update \\', line: 3, stage: 0, sizeBytes: 1 })).toBe('app'); // the cut record misfiled it
  });
});
