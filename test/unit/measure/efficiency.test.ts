// Wasted space as dive defines it, plus reclaimable bytes; every expectation is computed by hand.
import { describe, expect, it } from 'vitest';
import { analyzeEfficiency, type TarEntry } from '../../../src/measure/efficiency.js';
import { OverlayStack, layerTree } from '../../../src/measure/layer-fs.js';

const f = (path: string, size: number): TarEntry => ({ path, type: 'file', size });
const d = (path: string): TarEntry => ({ path, type: 'dir', size: 0 });
/** Whiteout entry for `path` (`a/b` → `a/.wh.b`). */
const wh = (path: string): TarEntry => {
  const slash = path.lastIndexOf('/');
  return f(`${path.slice(0, slash + 1)}.wh.${path.slice(slash + 1)}`, 0);
};
const opq = (dir: string): TarEntry => f(`${dir}/.wh..wh..opq`, 0);
const MB = 1_000_000;

/** Stored = visible + hidden: reclaimable is exactly what the final filesystem no longer shows. */
function visibleBytes(layers: TarEntry[][]): number {
  const stack = new OverlayStack(() => {});
  layers.forEach((entries, i) => stack.apply(layerTree(entries), i));
  return stack.visibleBytes();
}
const storedBytes = (layers: TarEntry[][]) => layers.flat().reduce((s, e) => s + (e.type === 'hardlink' ? 0 : e.size), 0);

function expectConsistent(layers: TarEntry[][]) {
  expect(analyzeEfficiency(layers, 1).reclaimableBytes).toBe(storedBytes(layers) - visibleBytes(layers));
}

describe('analyzeEfficiency', () => {
  it('a 20 MB file rewritten in a later layer: dive counts 40 MB wasted, 20 MB is reclaimable', () => {
    const layers = [[d('etc'), f('etc/os-release', 100)], [f('big', 20 * MB)], [f('big', 20 * MB)]];
    const r = analyzeEfficiency(layers, 1);
    expect(r.wastedBytes).toBe(40 * MB);
    expect(r.reclaimableBytes).toBe(20 * MB);
    expect(r.userBytes).toBe(40 * MB);
    expect(r.wastedUserPercent).toBe(1);
    expect(r.efficiency).toBe((100 + 20 * MB) / (100 + 40 * MB));
    expect(r.inefficiencies).toEqual([{ path: '/big', cumulativeBytes: 40 * MB, occurrences: 2, layers: [1, 2], removedIn: 2 }]);
    expectConsistent(layers);
  });

  it('a deleted file: its whiteout counts 0 bytes under the same path', () => {
    const layers = [[f('a', 1000)], [d('tmp'), f('tmp/x', 300)], [d('tmp'), wh('tmp/x')]];
    const r = analyzeEfficiency(layers, 1);
    // leaves: a 1000 | tmp/x 300 | tmp/x (whiteout) 0 → Σmin 1000, Σcum 1300
    expect(r.efficiency).toBe(1000 / 1300);
    expect(r.wastedBytes).toBe(300);
    expect(r.reclaimableBytes).toBe(300);
    expect(r.userBytes).toBe(300);
    expect(r.wastedUserPercent).toBe(1);
    expect(r.inefficiencies).toEqual([{ path: '/tmp/x', cumulativeBytes: 300, occurrences: 2, layers: [1, 2], removedIn: 2 }]);
    expectConsistent(layers);
  });

  it('a deleted directory: the whiteout counts the subtree, but only leaf paths seen twice are waste', () => {
    const made = [d('d'), f('d/f1', 100), f('d/f2', 200), d('d/sub'), f('d/sub/f3', 300)];
    const layers = [[f('a', 1000)], made, [wh('d')]];
    const r = analyzeEfficiency(layers, 1);
    // leaves: a 1000 | d/f1 100, d/f2 200, d/sub/f3 300 | d (whiteout of a dir) 600 — each path once
    expect(r.efficiency).toBe(1);
    expect(r.wastedBytes).toBe(0);
    expect(r.inefficiencies).toEqual([]);
    expect(r.reclaimableBytes).toBe(600);
    expectConsistent(layers);
  });

  it('a directory that was a leaf, filled and deleted: the whiteout adds its subtree to the waste', () => {
    const layers = [[d('cache')], [d('cache'), f('cache/x', 400), f('cache/y', 100)], [wh('cache')]];
    const r = analyzeEfficiency(layers, 1);
    // leaves: cache 0 | cache/x 400, cache/y 100 | cache (whiteout) 500 → cache: cum 500, min 0
    expect(r.wastedBytes).toBe(500);
    expect(r.efficiency).toBe(500 / 1000);
    expect(r.reclaimableBytes).toBe(500);
    expect(r.inefficiencies).toEqual([{ path: '/cache', cumulativeBytes: 500, occurrences: 2, layers: [0, 2], removedIn: 2 }]);
  });

  it("reproduces dive's own fixture (with the parent directories a real layer tar lists)", () => {
    const layers = [
      [d('etc'), d('etc/nginx'), f('etc/nginx/nginx.conf', 2000), f('etc/nginx/public', 3000)],
      [d('etc'), d('etc/nginx'), f('etc/nginx/nginx.conf', 5000), f('etc/athing', 10000)],
      [d('etc'), wh('etc/nginx')],
    ];
    const r = analyzeEfficiency(layers, 1);
    // nginx.conf 7000/2000, public 3000, athing 10000, etc/nginx whiteout = 5000 + 3000 on the stack
    expect(r.efficiency).toBe(23000 / 28000);
    expect(r.wastedBytes).toBe(7000);
    expect(r.inefficiencies.map((i) => [i.path, i.layers, i.removedIn])).toEqual([['/etc/nginx/nginx.conf', [0, 1], 2]]);
    expect(r.reclaimableBytes).toBe(2000 + 5000 + 3000);
    expectConsistent(layers);
  });

  it('parent directories implied only by files are directories: same numbers without the dir entries', () => {
    const explicit = analyzeEfficiency([[d('etc'), d('etc/nginx'), f('etc/nginx/a', 7)], [d('etc'), wh('etc/nginx')]], 0);
    const implied = analyzeEfficiency([[f('etc/nginx/a', 7)], [wh('etc/nginx')]], 0);
    expect(implied).toEqual(explicit);
    expect(implied.reclaimableBytes).toBe(7);
    expect(implied.efficiency).toBe(1); // a 7 | etc/nginx (whiteout) 7
  });

  it('an opaque directory hides what the layers below put there; dive ignores the marker', () => {
    const layers = [
      [d('opt'), f('opt/a', 100), f('opt/b', 200)],
      [d('opt'), opq('opt'), f('opt/b', 50), f('opt/c', 10)],
      [wh('opt')],
    ];
    const r = analyzeEfficiency(layers, 1);
    // leaves: opt/a 100, opt/b 200 | opt/b 50, opt/c 10 | opt (whiteout): dive's stack still has a → 160
    expect(r.efficiency).toBe((100 + 50 + 10 + 160) / (100 + 250 + 10 + 160));
    expect(r.wastedBytes).toBe(250);
    expect(r.inefficiencies).toEqual([{ path: '/opt/b', cumulativeBytes: 250, occurrences: 2, layers: [0, 1], removedIn: 2 }]);
    // opaque hides a + b (300), the whiteout hides b' + c (60)
    expect(r.reclaimableBytes).toBe(360);
    expect(r.userBytes).toBe(60);
    expectConsistent(layers);
  });

  it('a directory holding only the opaque marker is a leaf of 0 bytes', () => {
    const layers = [[d('opt'), f('opt/a', 100)], [d('opt'), opq('opt')]];
    const r = analyzeEfficiency(layers, 1);
    expect(r).toMatchObject({ efficiency: 1, wastedBytes: 0, reclaimableBytes: 100, userBytes: 0, wastedUserPercent: 0 });
    expect(r.inefficiencies).toEqual([]);
  });

  it('base layers count in wasted bytes but not in the user bytes the percentage divides by', () => {
    const layers = [[f('x', 1000)], [f('x', 1000), f('y', 500)], [f('z', 250), f('y', 500)]];
    const two = analyzeEfficiency(layers, 2);
    expect(two.wastedBytes).toBe(3000); // x 2000 (both in the base) + y 1000
    expect(two.userBytes).toBe(750);
    expect(two.wastedUserPercent).toBe(4);
    const one = analyzeEfficiency(layers, 1); // dive's choice: only layer 0 is base
    expect(one.userBytes).toBe(2250);
    expect(one.wastedUserPercent).toBe(3000 / 2250);
    expect(two.inefficiencies.map((i) => i.path)).toEqual(['/x', '/y']);
    expect(two.reclaimableBytes).toBe(1500);
  });

  it('a file that appears once is no waste', () => {
    const r = analyzeEfficiency([[f('a', 10)], [f('b', 20)]], 1);
    expect(r).toEqual({ efficiency: 1, wastedBytes: 0, wastedUserPercent: 0, reclaimableBytes: 0, userBytes: 20, inefficiencies: [] });
  });

  it('hardlinks carry no bytes', () => {
    const r = analyzeEfficiency([[], [d('bin'), f('bin/x', 1000), { path: 'bin/y', type: 'hardlink', size: 1000 }]], 1);
    expect(r.userBytes).toBe(1000);
    expect(r.efficiency).toBe(1);
  });

  it('a file replacing a directory hides the whole directory', () => {
    const layers = [[d('p'), f('p/q', 100)], [f('p', 5)]];
    const r = analyzeEfficiency(layers, 1);
    expect(r.reclaimableBytes).toBe(100);
    expect(r.wastedBytes).toBe(0);
    expectConsistent(layers);
  });

  it('a whiteout of a path the layers below lack counts 0 and the rest of the layer still counts', () => {
    const r = analyzeEfficiency([[f('a', 10)], [wh('ghost'), f('a', 10), f('b', 5)]], 1);
    expect(r.wastedBytes).toBe(20);
    expect(r.efficiency).toBe((10 + 0 + 5) / (20 + 0 + 5));
    expect(r.reclaimableBytes).toBe(10);
  });

  it('a file deleted and created again: removedIn names the layer of the rm', () => {
    const layers = [[d('d'), f('d/x', 70)], [wh('d')], [d('d'), f('d/x', 70)]];
    const r = analyzeEfficiency(layers, 1);
    expect(r.inefficiencies).toEqual([{ path: '/d/x', cumulativeBytes: 140, occurrences: 2, layers: [0, 2], removedIn: 1 }]);
    expect(r.reclaimableBytes).toBe(70);
    expectConsistent(layers);
  });

  it('sorts by cumulative size, largest first', () => {
    const r = analyzeEfficiency([[f('s', 1), f('m', 5), f('l', 9)], [f('s', 1), f('m', 5), f('l', 9)]], 1);
    expect(r.inefficiencies.map((i) => i.path)).toEqual(['/l', '/m', '/s']);
  });

  it('an image with no bytes is fully efficient', () => {
    expect(analyzeEfficiency([], 0)).toEqual({ efficiency: 1, wastedBytes: 0, wastedUserPercent: 0, reclaimableBytes: 0, userBytes: 0, inefficiencies: [] });
  });
});
