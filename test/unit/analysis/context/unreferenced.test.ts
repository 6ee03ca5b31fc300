// The large context files nothing references: named by path, file name, a directory above them or a glob, they
// stay; unnamed and large, they are candidates (a directory when all it holds is unnamed); small or code, never.
import { describe, expect, it } from 'vitest';
import { LARGE_FILE_BYTES, mayGuess, unreferencedLarge, wantsText, type ContextScan, type Eligibility } from '../../../../src/analysis/context/index.js';

const MB = 1_000_000;
const DOCKERFILE = 'FROM python:3.13\nWORKDIR /srv\nCOPY . .\nCMD ["python", "main.py"]\n';
const all: Eligibility = { mayDrop: () => true, ignored: () => false };

/** A project whose main.py holds `code`, plus `big` (path → size) and small extra files. */
function guess(code: string, big: Record<string, number>, opts: { small?: string[]; texts?: Record<string, string>; e?: Eligibility } = {}) {
  const texts = { 'main.py': code, ...opts.texts };
  const sizes: Record<string, number> = { ...Object.fromEntries(Object.entries(texts).map(([p, t]) => [p, t.length])), ...Object.fromEntries((opts.small ?? []).map((p) => [p, 100])), ...big };
  const scan: ContextScan = { sizes, texts, complete: true };
  return unreferencedLarge(Object.keys(sizes).sort(), scan, opts.e ?? all, [DOCKERFILE]);
}

describe('unreferencedLarge', () => {
  it('finds a large file nothing names, with its size', () => {
    expect(guess('print("hi")\n', { 'junk/dump.bin': 30 * MB, 'keep/x.bin': 2 * MB }, { small: ['keep/readme.md'], texts: { 'keep/notes.txt': 'x.bin is the model\n' } }))
      .toEqual([{ path: 'junk', dir: true, bytes: 30 * MB, files: 1 }]);
  });

  it('keeps a file named by its path', () => {
    expect(guess('open("data/model.bin", "rb")\n', { 'data/model.bin': 5 * MB })).toEqual([]);
  });

  it('keeps a file named by its file name alone, or by an absolute path in the image', () => {
    expect(guess('MODEL = os.path.join(HERE, "model.bin")\n', { 'assets/model.bin': 5 * MB })).toEqual([]);
    expect(guess('load("/srv/assets/model.bin")\n', { 'assets/model.bin': 5 * MB })).toEqual([]);
  });

  it('keeps everything under a directory a text names (an env file, a config, an f-string)', () => {
    expect(guess('import os\n', { 'models/a.bin': 5 * MB, 'models/b/c.bin': 5 * MB }, { texts: { '.env': 'MODEL_DIR=models\n' } })).toEqual([]);
    expect(guess('d = f"{ROOT}/weights/latest"\n', { 'weights/v1.bin': 5 * MB })).toEqual([]);
  });

  it('keeps what a glob pattern matches, and the directory it lists', () => {
    expect(guess('for p in glob.glob("weights/*.pt"): load(p)\n', { 'weights/a.bin': 5 * MB })).toEqual([]);
    expect(guess('paths = Path(d).glob("*.onnx")\n', { 'x/model.onnx': 5 * MB })).toEqual([]);
    expect(guess('Path(d).glob("ckpt_*/w.bin")\n', { 'runs/ckpt_3/other.dat': 5 * MB })).toEqual([]);
    // A glob below a relative directory lists that directory only; an absolute one may list the context's root.
    expect(guess('glob.glob("weights/*.bin")\n', { 'junk/dump.bin': 5 * MB })).toHaveLength(1);
    expect(guess('glob.glob("/srv/*.bin")\n', { 'dump.bin': 5 * MB })).toEqual([]);
    // A glob of nothing but wildcards names nothing.
    expect(guess('from x import *\n', { 'junk/dump.bin': 5 * MB })).toHaveLength(1);
  });

  it('keeps a file whose directory a Dockerfile instruction names (a CMD argument)', () => {
    const scan: ContextScan = { sizes: { 'main.py': 1, 'junk/dump.bin': 5 * MB }, texts: { 'main.py': '' }, complete: true };
    expect(unreferencedLarge(['junk/dump.bin', 'main.py'], scan, all, [`${DOCKERFILE}CMD ["python", "main.py", "--data", "/srv/junk"]\n`])).toEqual([]);
    expect(unreferencedLarge(['junk/dump.bin', 'main.py'], scan, all, [DOCKERFILE])).toHaveLength(1);
  });

  it('ignores small unnamed files, and names files, not directories, when a directory also holds named ones', () => {
    expect(guess('', { 'junk/dump.bin': LARGE_FILE_BYTES - 1 }, { small: ['junk/a.log'] })).toEqual([]);
    expect(guess('open(os.path.join(d, "notes.txt"))\n', { 'junk/dump.bin': 3 * MB, 'junk/old.bin': LARGE_FILE_BYTES }, { texts: { 'junk/notes.txt': 'see readme\n' } }))
      .toEqual([{ path: 'junk/dump.bin', dir: false, bytes: 3 * MB, files: 1 }, { path: 'junk/old.bin', dir: false, bytes: LARGE_FILE_BYTES, files: 1 }]);
  });

  it('takes the whole directory (small unnamed files with it) and the highest such one', () => {
    expect(guess('', { 'junk/a/dump.bin': 3 * MB }, { small: ['junk/a/readme.md', 'junk/b.log'] })).toEqual([{ path: 'junk', dir: true, bytes: 3 * MB + 200, files: 3 }]);
  });

  it("does not read a binary file's content for names", () => {
    const blob = `\0\x01\x02 open("junk/dump.bin") \0`;
    expect(guess('', { 'junk/dump.bin': 5 * MB }, { texts: { 'lib/blob.txt': blob } })).toEqual([{ path: 'junk', dir: true, bytes: 5 * MB, files: 1 }]);
    expect(guess('', { 'junk/dump.bin': 5 * MB }, { texts: { 'lib/notes.txt': 'open("junk/dump.bin")' } })).toEqual([]);
  });

  it('never guesses code, package data, a directory frameworks read unnamed, or a path an ignore file would read as a pattern', () => {
    expect(guess('', { 'lib/_native.so': 5 * MB, 'dist/bundle.js': 5 * MB, 'pkg/weights.bin': 5 * MB, 'static/intro.mp4': 5 * MB, 'junk/a*b.bin': 5 * MB, '#junk.bin': 5 * MB }, { small: ['pkg/__init__.py'] })).toEqual([]);
  });

  it('guesses only what the caller may drop, and counts what is already ignored toward a whole directory', () => {
    const e: Eligibility = { mayDrop: (p) => p !== 'keep.bin' && !p.endsWith('.pyc'), ignored: (p) => p.endsWith('.pyc') };
    expect(guess('', { 'keep.bin': 5 * MB, 'junk/dump.bin': 5 * MB }, { small: ['junk/x.pyc'], e })).toEqual([{ path: 'junk', dir: true, bytes: 5 * MB, files: 1 }]);
  });

  it('guesses nothing when the texts were not all read, or not gathered', () => {
    const scan: ContextScan = { sizes: { 'junk/dump.bin': 5 * MB }, texts: {}, complete: false };
    expect(unreferencedLarge(['junk/dump.bin'], scan, all, [DOCKERFILE])).toEqual([]);
    expect(unreferencedLarge(['junk/dump.bin'], undefined, all, [DOCKERFILE])).toEqual([]);
  });
});

describe('what the loader reads', () => {
  it('reads small texts (sources, configs, Dockerfiles), not large files or binaries by name', () => {
    expect(['app.py', 'conf/settings.yaml', 'run.sh', 'Dockerfile.dev', 'pyproject.toml', 'x.json', '.env'].every((p) => wantsText(p, 10))).toBe(true);
    expect(wantsText('data/big.json', LARGE_FILE_BYTES)).toBe(false);
    expect(wantsText('img/logo.png', 10)).toBe(false);
  });

  it('reads texts only when a large guessable file exists', () => {
    expect(mayGuess({ 'a.py': 10, 'b.bin': 10 })).toBe(false);
    expect(mayGuess({ 'lib/x.so': 5 * MB })).toBe(false);
    expect(mayGuess({ 'junk/dump.bin': 5 * MB })).toBe(true);
  });
});
