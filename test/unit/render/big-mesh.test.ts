// A new mesh of hundreds of hosts: what is wrong is one finding per host (delegates-to-none, missing-for-every-peer), every
// format stays readable, and no output is built as one N^2 string or spread into one call.
import { describe, expect, it } from '@jest/globals';
import { buildReport } from '../../../src/core/report.js';
import { computePlan } from '../../../src/core/plan.js';
import { matrixRows, pairsOf } from '../../../src/core/matrix.js';
import { computeVerdict, type Verdict } from '../../../src/core/verdict.js';
import { renderHtmlReport } from '../../../src/render/html-report.js';
import { renderJunit } from '../../../src/render/junit.js';
import { renderVerifyMarkdown } from '../../../src/render/markdown.js';
import { planPieces, renderPlan } from '../../../src/render/plan.js';
import { PLAIN } from '../../../src/render/style.js';
import { verdictPieces } from '../../../src/render/verdict.js';
import { renderVerifyJson } from '../../../src/render/verify-json.js';
import { renderVerifyText } from '../../../src/render/verify-text.js';
import { MAPPINGS, MEMBER_UAC, MIGRATION, configuredMesh, host, policy, valuesFor } from '../builders.js';
import { SCOPE } from '../render-fixtures.js';

const names = (n: number): string[] => Array.from({ length: n }, (_, i) => `HV${String(i + 1).padStart(3, '0')}`);

describe('a new mesh of 120 hosts (no delegation anywhere)', () => {
  const hosts = names(120).map((n) => host(n));
  const v: Verdict = computeVerdict(hosts, policy({ maxValues: 5000 }), MAPPINGS);

  it('has one finding per host; the pairs and the matrix still say every value is missing', () => {
    expect(v.ok).toBe(false);
    expect(v.findings.filter((f) => f.kind === 'delegates-to-none')).toHaveLength(120);
    expect(v.findings.filter((f) => f.kind === 'missing-delegation')).toEqual([]);
    expect([...pairsOf(v.trust)]).toHaveLength(120 * 119);
    expect([...pairsOf(v.trust)].every((p) => p.missing === p.expected && p.expected === 4)).toBe(true);
    const [row] = matrixRows(v.hosts.slice(0, 3).map((h) => h.name), [...pairsOf(v.trust)], v.services, v.findings);
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

  it('writes verify JSON that grows with what is wrong: one finding per host and the pair counts, no list of every pair', () => {
    const pieces = [...verdictPieces('json', v, PLAIN)];
    expect(pieces.join('')).toBe(renderVerifyJson(v));
    const text = pieces.join('');
    const doc = JSON.parse(text) as { formatVersion: number; findings: Array<{ message: string }>; pairs?: unknown; pairCounts: object };
    expect(doc.formatVersion).toBe(2);
    expect(doc.findings).toHaveLength(120);
    expect(doc.findings[6].message).toBe('HV007 delegates to none of its 119 peers');
    expect(doc.pairs).toBeUndefined();
    expect(doc.pairCounts).toEqual({ planned: 120 * 119, complete: 0, partial: 0, none: 120 * 119, undelegable: 0 });
    // about 300 bytes a host: 120 findings and 120 hosts, not 14,280 pairs with their missing values
    expect(text.length).toBeLessThan(120 * 1000);
  });

  it('writes plan JSON in pieces whose text is the one-string JSON: the values to add, not the values held', () => {
    const plan = computePlan(hosts, policy({ maxValues: 5000 }), MAPPINGS);
    const pieces = [...planPieces('json', plan, SCOPE, PLAIN)];
    expect(pieces.length).toBeGreaterThan(1);
    // a host's plan is written whole, the hosts one by one: no piece holds many hosts
    expect(Math.max(...pieces.map((c) => c.length))).toBeLessThan(2 << 20);
    expect(pieces.join('')).toBe(renderPlan('json', plan, SCOPE, PLAIN));
    const doc = JSON.parse(pieces.join('')) as { plan: { hosts: Array<Record<string, unknown>>; edges: Array<Record<string, unknown>> } };
    const [first] = doc.plan.hosts;
    expect(Object.keys(first).sort()).toEqual(['add', 'dn', 'host', 'remove', 'uac']);
    // an edge by the hosts' names, not with their records (each holds the N values it delegates to)
    expect(doc.plan.edges).toHaveLength(120 * 119);
    expect(doc.plan.edges[0]).toEqual({ from: 'HV001', to: 'HV002', services: ['cifs', MIGRATION] });
    expect(doc.plan.edges.every((e) => Object.keys(e).join() === 'from,to,services')).toBe(true);
    expect(first.add).toEqual(plan.hosts[0].add);
    expect(first.add).toHaveLength(119 * 4);
    // text: a host gaining the same values towards its 119 peers is one line that names them, not 476 lines
    const text = [...planPieces('text', plan, SCOPE, PLAIN)].join('');
    expect(text).toBe(renderPlan('text', plan, SCOPE, PLAIN));
    expect(text.length).toBeLessThan(200_000);
    const hv002 = text.split('\n').filter((l) => l.startsWith('    + ')).find((l) => l.endsWith(', HV120') && !l.includes('HV002,'));
    expect(hv002).toBe(`    + cifs (short name and FQDN), ${MIGRATION} (short name and FQDN) for each of 119 peers (476 values): HV001, ${names(120).slice(2).join(', ')}`);
    expect(text).toContain('--output ldif or json lists every value');
    expect(text).toMatch(/Plan: 57120 to add, 0 to remove, 0 flag changes, on 120 of 120 hosts\.\n$/);
    // the plans of the hosts share each target's values: 4 per target, not 4 per pair
    expect(plan.hosts[2].planned[4].peer).toBe(plan.hosts[0].planned[0].peer);
    expect(plan.hosts[2].planned[4]).toBe(plan.hosts[0].planned[0]);
  });

  it('writes plan text in pieces of about 1 MB when every value has a line (values not from a mesh, as a rollback restores them)', () => {
    const plan = computePlan(hosts, policy({ maxValues: 5000 }), MAPPINGS);
    const listed = { ...plan, hosts: plan.hosts.map((h) => ({ ...h, planned: [] })) };
    const text = [...planPieces('text', listed, SCOPE, PLAIN)];
    expect(text.length).toBeGreaterThan(1);
    expect(Math.max(...text.map((c) => c.length))).toBeLessThan(2 << 20);
    expect(text.join('')).toBe(renderPlan('text', listed, SCOPE, PLAIN));
    expect(text.join('').split('\n').filter((l) => l.startsWith('    + '))).toHaveLength(57120);
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

describe('a mesh of 150 hosts written without FQDNs', () => {
  // every host holds the short-name values of every peer, none of the FQDN ones
  const all = names(150);
  const hosts = all.map((n) => host(n, { values: all.filter((p) => p !== n).flatMap((p) => valuesFor(p).filter((x) => !x.includes('.'))) }));
  const v = computeVerdict(hosts, policy({ maxValues: 5000 }), MAPPINGS);

  it('is one finding per host naming the services and the name form, not one per pair', () => {
    expect(v.findings).toHaveLength(150);
    expect(v.findings.every((f) => f.kind === 'missing-for-every-peer' && f.count === 149)).toBe(true);
    expect(renderVerifyText(v, PLAIN)).toContain(`HV007 lacks cifs by FQDN and ${MIGRATION} by FQDN towards every one of its 149 peers`);
    expect(v.pairCounts).toMatchObject({ planned: 150 * 149, partial: 150 * 149, complete: 0 });
    expect(renderVerifyJson(v).length).toBeLessThan(150 * 1500);
    const junit = renderJunit(v);
    expect(junit).toMatch(/failures="150"/);
    expect(junit).not.toContain('HV007 delegates to HV008');
  });

  it('still names the pair that lacks something more, beside its host\'s finding', () => {
    const broken = hosts.map((h) => (h.name === 'HV007' ? { ...h, delegateTo: h.delegateTo.filter((x) => !/\/HV008$/i.test(x)) } : h));
    const w = computeVerdict(broken, policy({ maxValues: 5000 }), MAPPINGS);
    const mine = w.findings.filter((f) => f.host === 'HV007');
    expect(mine.map((f) => f.kind)).toEqual(['missing-for-every-peer', 'missing-delegation']);
    expect(mine[1]).toMatchObject({ peer: 'HV008', missing: [{ spn: 'cifs/HV008' }, { spn: `${MIGRATION}/HV008` }] });
    const junit = renderJunit(w);
    expect(junit).toMatch(/failures="151"/);
    expect(junit).toContain('name="HV007 delegates to HV008"><failure');
  });
});

describe('620 hosts with no delegation at all (the size issue 13 names)', () => {
  const hosts = names(620).map((n) => host(n));
  const v = computeVerdict(hosts, policy({ maxValues: 5000 }), MAPPINGS);

  it('every format says it in a bounded size: one finding per host, no matrix of 384,000 cells', () => {
    expect(v.findings).toHaveLength(620);
    const json = [...verdictPieces('json', v, PLAIN)].join('');
    expect(json.length).toBeLessThan(620 * 1000);
    expect(renderVerifyText(v, PLAIN).length).toBeLessThan(620 * 200);
    expect(renderJunit(v).length).toBeLessThan(620 * 3000);
    expect(renderVerifyMarkdown(v).length).toBeLessThan(1e5);
    const html = renderHtmlReport(buildReport(v, hosts, SCOPE));
    expect(html.length).toBeLessThan(620 * 3000);
    expect(html).not.toContain('<table class="matrix">');
    expect(html).toContain('The matrix is drawn for up to 150 hosts; with 620');
    expect(html).toContain('<li data-from="HV620">HV620 cannot fully delegate to 619 peers</li>');
  });
});

describe('a complete mesh above the matrix size', () => {
  it('says every pair works, not that some hosts cannot delegate (with none listed)', () => {
    const hosts = configuredMesh(names(151));
    const v = computeVerdict(hosts, policy({ maxValues: 5000 }), MAPPINGS);
    expect(v.ok).toBe(true);
    const html = renderHtmlReport(buildReport(v, hosts, SCOPE));
    expect(html).toContain('The matrix is drawn for up to 150 hosts; with 151, every directed pair works.');
    expect(html).not.toContain('these hosts cannot fully delegate');
  });
});

describe('a complete mesh of 300 hosts (89,700 pairs that work)', () => {
  const hosts = configuredMesh(names(300));
  const v = computeVerdict(hosts, policy({ maxValues: 5000 }), MAPPINGS);

  it('writes JUnit that grows with the hosts: one passing delegation check per host, none per pair', () => {
    expect(v.ok).toBe(true);
    const junit = renderJunit(v);
    expect(junit).toContain(`<testsuites name="kcdmesh verify" tests="${300 + 300 * 6}" failures="0" errors="0">`);
    expect(junit).toContain('<testcase classname="kcdmesh.delegation.HV150" name="HV150 delegates to its peers"/>');
    expect(junit.length).toBeLessThan(300 * 1000);
  });

  it('adds a check for a pair once it lacks something, and that check alone fails', () => {
    const broken = configuredMesh(names(300));
    broken[6].delegateTo = broken[6].delegateTo.filter((x) => x !== 'cifs/HV008');
    const junit = renderJunit(computeVerdict(broken, policy({ maxValues: 5000 }), MAPPINGS));
    expect(junit).toContain(`tests="${300 + 1 + 300 * 6}" failures="1"`);
    expect(junit).toContain('<testcase classname="kcdmesh.delegation.HV007" name="HV007 delegates to its peers"/>');
    expect(junit).toContain('<testcase classname="kcdmesh.delegation.HV007" name="HV007 delegates to HV008"><failure message="HV007 cannot delegate to HV008: missing cifs/HV008"');
  });
});
