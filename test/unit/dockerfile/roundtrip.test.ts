// Every tricky fixture parses, prints back byte-identical, and its model (offsets, lines, args, heredocs)
// matches the reviewed summary in <fixture>.parsed.txt.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyEdits, parseDockerfile, printDockerfile, replaceBaseImage, replaceInstruction, type DockerfileModel } from '../../../src/dockerfile/index.js';
import { expectGolden } from '../golden.js';

const DIR = 'test/fixtures/dockerfiles';
const fixtures = readdirSync(DIR).filter((f) => f.endsWith('.Dockerfile')).sort();

describe.each(fixtures)('%s', (name) => {
  const text = readFileSync(join(DIR, name), 'utf8');
  const model = parseDockerfile(text, name);

  it('prints back byte-identical', () => {
    expect(printDockerfile(model)).toBe(text);
    expect(Buffer.from(printDockerfile(model), 'utf8').equals(readFileSync(join(DIR, name)))).toBe(true);
  });

  it('has instruction offsets that cover whole lines, in order, without overlap', () => {
    let previousEnd = 0;
    for (const i of model.instructions) {
      expect(i.raw).toBe(text.slice(i.start, i.end));
      expect(i.start).toBeGreaterThanOrEqual(previousEnd);
      expect(text.slice(i.lineStart, i.start)).toMatch(/^[ \t\uFEFF]*$/);
      expect(text.slice(i.end, i.lineEnd)).toMatch(/^(\r\n|\n|\r)?$/);
      expect(i.raw).not.toMatch(/(\r\n|\n|\r)$/);
      expect(i.raw.split(/\r\n|\n|\r/).length).toBe(i.endLine - i.line + 1);
      expect(lineOf(text, i.start)).toBe(i.line);
      previousEnd = i.lineEnd;
    }
  });

  it('has stages whose image ranges hold the image token', () => {
    for (const s of model.stages) {
      expect(text.slice(s.baseImageRange.start, s.baseImageRange.end)).toBe(s.baseImage);
      expect(s.instructions[0]).toBe(s.from);
      expect(s.instructions.every((i) => i.stage === s.index)).toBe(true);
    }
  });

  it('is unchanged by identity edits', () => {
    const same = model.instructions.map((i) => replaceInstruction(i, i.raw));
    expect(applyEdits(text, same)).toBe(text);
    expect(applyEdits(text, model.stages.map((s) => replaceBaseImage(model, s.index, s.baseImage)))).toBe(text);
  });

  it('matches its reviewed model summary', () => {
    expectGolden(join(DIR, name.replace(/\.Dockerfile$/, '.parsed.txt')), summarize(model));
  });
});

function lineOf(text: string, offset: number): number {
  return text.slice(0, offset).split(/\r\n|\n|\r/).length;
}

function summarize(model: DockerfileModel): string {
  const out: string[] = [];
  out.push(`directives: ${model.directives.map((d) => `${d.name}=${d.value}@${d.line}`).join(' ') || '-'}`);
  out.push(`escape: ${model.escapeChar}  eol: ${JSON.stringify(model.eol)}`);
  for (const s of model.stages) out.push(`stage ${s.index} name=${s.name ?? '-'} base=${s.baseImage} from=L${s.from.line}`);
  for (const i of model.instructions) {
    const flags = i.flags.map((f) => (f.value === null ? f.name : `${f.name}=${f.value}`));
    out.push(`L${i.line}-${i.endLine} ${i.keyword} stage=${i.stage}${flags.length ? ` flags=${JSON.stringify(flags)}` : ''}${i.jsonForm ? ' json' : ''}`);
    out.push(`  args=${JSON.stringify(i.args)}`);
    out.push(`  argsText=${JSON.stringify(i.argsText)}`);
    for (const h of i.heredocs) out.push(`  heredoc ${h.name}=${JSON.stringify(h.body)}`);
  }
  return `${out.join('\n')}\n`;
}
