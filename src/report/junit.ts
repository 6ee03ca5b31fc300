// `dflab check --format junit`: one testcase per gate, a failure element with the figures for each gate that
// failed — the JUnit XML that CI systems (GitHub, GitLab, Jenkins) read as test results.
import type { Gate } from '../measure/index.js';

const XML_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/** Text for an XML attribute or element; characters XML 1.0 cannot hold at all are dropped. */
export function escapeXml(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '').replace(/[&<>"']/g, (c) => XML_ENTITIES[c] ?? c);
}

export function junitReport(target: string, gates: Gate[], baseline?: string): string {
  const failures = gates.filter((g) => !g.ok).length;
  const suite = `dflab check ${target}${baseline ? ` against ${baseline}` : ''}`;
  const a = (name: string, value: string | number) => `${name}="${escapeXml(String(value))}"`;
  const cases = gates.map((g) => {
    const open = `    <testcase ${a('classname', 'dflab.check')} ${a('name', g.id)}`;
    if (g.ok) return `${open}>\n      <system-out>${escapeXml(g.message)}</system-out>\n    </testcase>`;
    return `${open}>\n      <failure ${a('message', g.message)} ${a('type', g.id)}>${escapeXml(figures(g))}</failure>\n    </testcase>`;
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites ${a('name', 'dflab check')} ${a('tests', gates.length)} ${a('failures', failures)}>`,
    `  <testsuite ${a('name', suite)} ${a('tests', gates.length)} ${a('failures', failures)} ${a('errors', 0)}>`,
    ...cases,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}

/** The raw numbers behind a failed gate, one per line, for a reader who wants more than the message. */
function figures(g: Gate): string {
  const lines = [g.message, `measured: ${g.value ?? 'not measured'}`, `limit: ${g.limit}`];
  if (g.baseline !== undefined) lines.push(`baseline: ${g.baseline ?? 'not measured'}`);
  return lines.join('\n');
}
