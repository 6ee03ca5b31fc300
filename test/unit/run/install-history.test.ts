import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadInstallHistory, saveInstallHistory } from '../../../src/run/install-history.js';

describe('install history', () => {
  it('appends observations and reads back only well-formed ones', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'dflab-ih-')), 'sub', 'install-seconds.json');
    expect(await loadInstallHistory(file)).toEqual([]);
    await saveInstallHistory([], [{ installer: 'pip', packages: 4, seconds: 40 }], file);
    const first = await loadInstallHistory(file);
    await saveInstallHistory(first, [{ installer: 'apt', packages: 2, seconds: 9 }], file);
    expect(await loadInstallHistory(file)).toEqual([{ installer: 'pip', packages: 4, seconds: 40 }, { installer: 'apt', packages: 2, seconds: 9 }]);
    writeFileSync(file, JSON.stringify([{ installer: 'npm', packages: 1, seconds: 1 }, { installer: 'apk', packages: 0, seconds: 1 }, { installer: 'apk', packages: 3, seconds: 6 }]));
    expect(await loadInstallHistory(file)).toEqual([{ installer: 'apk', packages: 3, seconds: 6 }]);
    // A fixed part is kept when it is one: never more than the step took.
    writeFileSync(file, JSON.stringify([{ installer: 'pip', packages: 3, seconds: 2, fixedSeconds: 0.7 }, { installer: 'pip', packages: 3, seconds: 2, fixedSeconds: 3 }]));
    expect(await loadInstallHistory(file)).toEqual([{ installer: 'pip', packages: 3, seconds: 2, fixedSeconds: 0.7 }]);
  });
});
