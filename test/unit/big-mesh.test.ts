// A new mesh of hundreds of hosts: what is wrong is one fact per host ("delegates to none of its
// peers"), so every verify format stays readable and no output is built as one N^2 string.
import { describe, expect, it } from '@jest/globals';
import { renderHtmlReport } from '../../src/render/html-report.js';
import { AGGREGATE_PEERS } from '../../src/core/findings.js';
import { buildReport } from '../../src/core/report.js';
import { computeVerdict, type Verdict } from '../../src/core/verdict.js';
import { jsonChunks, renderJson } from '../../src/render/json.js';
import { renderJunit } from '../../src/render/junit.js';
import { renderVerifyMarkdown } from '../../src/render/markdown.js';
import { PLAIN } from '../../src/render/style.js';
import { renderVerifyText } from '../../src/render/verify-text.js';
import { serviceCells } from '../../src/core/matrix.js';
import { MAPPINGS, host, policy, valuesFor } from './builders.js';

const names = (n: number): string[] => Array.from({ length: n }, (_, i) => `HV${String(i + 1).padStart(3, '0')}`);
const SCOPE = { dc: { url: 'ldaps://dc1.lab.test', dnsHostName: 'dc1.lab.test' }, baseDn: 'DC=lab,DC=test', bindIdentity: 'u@lab.test', time: '2026-01-01T00:00:00.000Z', kcdmeshVersion: '0' };

describe('a new mesh of 120 hosts (no delegation anywhere)', () => {
  const hosts = names(120).map((n) => host(n));
  const v: Verdict = computeVerdict(hosts, { ...policy(), maxValues: 5000 }, MAPPINGS);

  it('has one finding per host, naming how many peers it lacks', () => {
    expect(v.ok).toBe(false);
    const missing = v.findings.filter((f) => f.kind === 'missing-delegation');
    expect(missing).toHaveLength(120);
    expect(missing[6]?.message).toBe('HV007 delegates to none of its 119 peers: all 476 values are missing');
    // the pairs still say it: every pair from every host lacks every value
    expect(v.pairs).toHaveLength(120 * 119);
    expect(v.pairs.every((p) => p.missing === p.expected && p.expected === 4)).toBe(true);
    expect(serviceCells(v.pairs[0]!, v.services).map((c) => c.state)).toEqual(['missing', 'missing']);
  });

  it('renders every format with output that grows with the hosts, not the values', () => {
    const text = renderVerifyText(v, PLAIN);
    expect(text).toContain('  HV007 -> none of its 119 peers');
    expect(text.split('\n').length).toBeLessThan(120 * 3);
    const junit = renderJunit(v);
    expect(junit).toContain('name="HV007 delegates to its peers"><failure');
    expect(junit.length).toBeLessThan(5e6);
    expect(renderVerifyMarkdown(v).length).toBeLessThan(1e5);
    const html = renderHtmlReport(buildReport(v, hosts, SCOPE));
    expect(html).toContain('HV007 delegates to none of its 119 peers');
  });

  it('writes JSON in pieces whose text is renderJson’s', () => {
    const chunks = [...jsonChunks('verify', v)];
    expect(chunks.length).toBeGreaterThan(1);
    expect(Math.max(...chunks.map((c) => c.length))).toBeLessThan(2 << 20);
    const doc = JSON.parse(chunks.join('')) as { findings: unknown[]; pairs: unknown[] };
    expect([doc.findings.length, doc.pairs.length]).toEqual([120, 120 * 119]);
  });
});

describe('aggregation is only for a host with nothing', () => {
  it('a host with one value for one peer keeps its findings per value', () => {
    const n = AGGREGATE_PEERS + 2;
    const all = names(n);
    const hosts = all.map((name, i) => host(name, { values: i === 0 ? valuesFor(all[1]!).slice(0, 1) : [] }));
    const v = computeVerdict(hosts, policy(), MAPPINGS);
    const first = v.findings.filter((f) => f.host === all[0]);
    expect(first).toHaveLength((n - 1) * 4 - 1);
    expect(first.every((f) => f.peer && f.value)).toBe(true);
    expect(v.findings.filter((f) => f.host === all[1])).toHaveLength(1);
    expect(renderJson('verify', v)).toBe([...jsonChunks('verify', v)].join(''));
  });

  it(`up to ${AGGREGATE_PEERS} peers, findings stay per value`, () => {
    const v = computeVerdict(names(AGGREGATE_PEERS + 1).map((n) => host(n)), policy(), MAPPINGS);
    expect(v.findings.filter((f) => f.kind === 'missing-delegation')).toHaveLength((AGGREGATE_PEERS + 1) * AGGREGATE_PEERS * 4);
  });
});
