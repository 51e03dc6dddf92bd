// A new mesh of hundreds of hosts: what is wrong is one finding per host (delegates-to-none), every
// format stays readable, and no output is built as one N^2 string or spread into one call.
import { describe, expect, it } from '@jest/globals';
import { buildReport } from '../../../src/core/report.js';
import { computePlan } from '../../../src/core/plan.js';
import { matrixRows } from '../../../src/core/matrix.js';
import { computeVerdict, type Verdict } from '../../../src/core/verdict.js';
import { renderHtmlReport } from '../../../src/render/html-report.js';
import { renderJunit } from '../../../src/render/junit.js';
import { renderVerifyMarkdown } from '../../../src/render/markdown.js';
import { planPieces, renderPlan } from '../../../src/render/plan.js';
import { PLAIN } from '../../../src/render/style.js';
import { verdictPieces } from '../../../src/render/verdict.js';
import { renderVerifyJson } from '../../../src/render/verify-json.js';
import { renderVerifyText } from '../../../src/render/verify-text.js';
import { MAPPINGS, MEMBER_UAC, configuredMesh, host, policy } from '../builders.js';
import { SCOPE } from '../render-fixtures.js';

const names = (n: number): string[] => Array.from({ length: n }, (_, i) => `HV${String(i + 1).padStart(3, '0')}`);

describe('a new mesh of 120 hosts (no delegation anywhere)', () => {
  const hosts = names(120).map((n) => host(n));
  const v: Verdict = computeVerdict(hosts, policy({ maxValues: 5000 }), MAPPINGS);

  it('has one finding per host; the pairs and the matrix still say every value is missing', () => {
    expect(v.ok).toBe(false);
    expect(v.findings.filter((f) => f.kind === 'delegates-to-none')).toHaveLength(120);
    expect(v.findings.filter((f) => f.kind === 'missing-delegation')).toEqual([]);
    expect(v.pairs).toHaveLength(120 * 119);
    expect(v.pairs.every((p) => p.missing === p.expected && p.expected === 4)).toBe(true);
    const [row] = matrixRows(v.hosts.slice(0, 3).map((h) => h.name), v.pairs, v.services, v.findings);
    expect(row.cells.map((c) => c.state)).toEqual(['self', 'none', 'none']);
  });

  it('renders every format with output that grows with the hosts, not the values', () => {
    const text = renderVerifyText(v, PLAIN);
    expect(text).toContain('HV007 delegates to none of its 119 peers');
    expect(text.split('\n').length).toBeLessThan(120 * 3);
    const junit = renderJunit(v);
    expect(junit).toMatch(/failures="120"/);
    expect(junit.length).toBeLessThan(5e6);
    expect(renderVerifyMarkdown(v).length).toBeLessThan(1e5);
    expect(renderHtmlReport(buildReport(v, hosts, SCOPE))).toContain('HV007 delegates to none of its 119 peers');
  });

  it('writes verify JSON in pieces of about 1 MB whose text is the one-string JSON', () => {
    const pieces = [...verdictPieces('json', v, PLAIN)];
    expect(pieces.length).toBeGreaterThan(1);
    expect(Math.max(...pieces.map((c) => c.length))).toBeLessThan(2 << 20);
    expect(pieces.join('')).toBe(renderVerifyJson(v));
    const doc = JSON.parse(pieces.join('')) as { findings: Array<{ message: string }>; pairs: unknown[] };
    expect([doc.findings.length, doc.pairs.length]).toEqual([120, 120 * 119]);
    expect(doc.findings[6].message).toBe('HV007 delegates to none of its 119 peers');
  });

  it('writes plan JSON in pieces whose text is the one-string JSON, values named as in format version 1', () => {
    const plan = computePlan(hosts, policy({ maxValues: 5000 }), MAPPINGS);
    const pieces = [...planPieces('json', plan, SCOPE, PLAIN)];
    expect(pieces.length).toBeGreaterThan(1);
    // a host's plan is written whole, the hosts one by one: no piece holds many hosts
    expect(Math.max(...pieces.map((c) => c.length))).toBeLessThan(2 << 20);
    expect(pieces.join('')).toBe(renderPlan('json', plan, SCOPE, PLAIN));
    const doc = JSON.parse(pieces.join('')) as { plan: { hosts: Array<{ planned: Array<{ form: string; value: string; spn: string }> }> } };
    const first = doc.plan.hosts[0].planned[0];
    expect([first.form, first.value]).toEqual(['short', first.spn]);
    // the plans of the hosts share each target's values: 4 per target, not 4 per pair
    expect(plan.hosts[2].planned[4].peer).toBe(plan.hosts[0].planned[0].peer);
    expect(plan.hosts[2].planned[4]).toBe(plan.hosts[0].planned[0]);
  });
});

it('a messy small domain: verify JSON in pieces is the same text (findings carry their sentence)', () => {
  const hosts = configuredMesh(['HV01', 'HV02', 'HV03', 'HV04']);
  hosts[1].userAccountControl = MEMBER_UAC | 0x80000;
  hosts[2].delegateTo = hosts[2].delegateTo.slice(1);
  hosts[3].delegateTo = [];
  const v = computeVerdict(hosts, policy(), MAPPINGS);
  expect(v.count).toBeGreaterThan(2);
  expect([...verdictPieces('json', v, PLAIN)].join('')).toBe(renderVerifyJson(v));
});
