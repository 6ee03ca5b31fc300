import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { growthGates, thresholdGates } from '../../../src/measure/index.js';
import { escapeXml, junitReport } from '../../../src/report/junit.js';

const before = { sizeBytes: 100e6, compressedBytes: 40e6, efficiency: 0.99, wastedBytes: 1e6 };
const after = { ...before, sizeBytes: 160e6 };

describe('JUnit output of dflab check', () => {
  const gates = [...thresholdGates(after, { maxSize: 150e6, minEfficiency: 0.9 }), ...growthGates(after, before, { maxBytes: 50e6 })];
  const xml = junitReport('app:<new> & "x"', gates, 'app:main');
  const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(xml) as {
    testsuites: { tests: string; failures: string; testsuite: { name: string; testcase: { name: string; failure?: { message: string; '#text': string } }[] } };
  };

  it('parses as XML with one testcase per gate and the failure count', () => {
    expect(doc.testsuites.tests).toBe(String(gates.length));
    expect(doc.testsuites.failures).toBe('2');
    expect(doc.testsuites.testsuite.name).toBe('dflab check app:<new> & "x" against app:main');
    expect(doc.testsuites.testsuite.testcase.map((t) => t.name)).toEqual(['max-size', 'min-efficiency', 'growth-size-bytes', 'growth-compressed-bytes', 'growth-wasted-bytes']);
  });

  it('a failed gate carries its message and figures; a passing one none', () => {
    const [size, efficiency, growth] = doc.testsuites.testsuite.testcase;
    expect(size?.failure?.message).toBe('size 160 MB exceeds 150 MB by 10 MB');
    expect(size?.failure?.['#text']).toContain('measured: 160000000');
    expect(efficiency?.failure).toBeUndefined();
    expect(growth?.failure?.['#text']).toContain('baseline: 100000000');
  });

  it('escapes markup and drops characters XML cannot hold', () => {
    expect(escapeXml('a<b>&"c\'\u0001')).toBe('a&lt;b&gt;&amp;&quot;c&apos;');
  });
});
