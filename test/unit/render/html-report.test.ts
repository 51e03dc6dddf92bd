import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { buildReport } from '../../../src/core/report.js';
import type { HostRecord } from '../../../src/core/types.js';
import { computeVerdict } from '../../../src/core/verdict.js';
import { renderHtmlReport, reportView } from '../../../src/render/html-report.js';
import { MAPPINGS, MIGRATION, configuredMesh, host, policy, valuesFor } from '../builders.js';
import { SCOPE } from '../render-fixtures.js';

const report = (hosts: HostRecord[], mode: 'kerberos-only' | 'any-protocol' = 'kerberos-only') => buildReport(computeVerdict(hosts, policy({ mode }), MAPPINGS), hosts, SCOPE);

const gap = (): HostRecord[] => [
  host('HV01', { values: [...valuesFor('HV02').filter((v) => v !== `${MIGRATION}/hv02.lab.test`), ...valuesFor('HV03')] }),
  host('HV02', { values: [...valuesFor('HV01'), ...valuesFor('HV03')], uac: 0x81000 }),
  host('HV03', { values: valuesFor('HV02'), uac: 0x101000 }),
];

describe('reportView', () => {
  it('gives each matrix cell its state and, per service, which name forms are there', () => {
    const view = reportView(report(gap()));
    const cell = (from: string, to: string) => view.rows.find((r) => r.name === from)!.cells.find((c) => !c.self && c.to === to);
    expect(cell('HV01', 'HV02')).toEqual({
      self: false,
      to: 'HV02',
      state: 'partial',
      marks: '●◐',
      title: `HV01 cannot delegate to HV02: cifs: both name forms; ${MIGRATION}: missing FQDN (${MIGRATION}/hv02.lab.test)`,
    });
    expect(cell('HV03', 'HV01')).toMatchObject({ state: 'none', marks: '○○' });
    expect(cell('HV02', 'HV03')).toMatchObject({ state: 'complete', marks: '●●', title: `HV02 delegates to HV03: cifs: both name forms; ${MIGRATION}: both name forms` });
    expect(view.rows.map((r) => [r.name, r.gaps])).toEqual([['HV01', 1], ['HV02', 0], ['HV03', 1]]);
    expect(view.counts).toEqual({ hosts: 3, pairs: 6, complete: 4, partial: 1, none: 1, undelegable: 0, findingsText: '3 (1 critical, 2 errors)' });
  });

  it('states every host\'s mode and flags as read, and every finding with its fix', () => {
    const view = reportView(report(gap()));
    expect(view.hosts.map((h) => [h.name, h.mode, h.modeAttention, h.flags.map((f) => f.label), h.os, h.findings])).toEqual([
      ['HV01', 'Trust this computer for delegation to specified services only — Use Kerberos only', false, [], '—', 1],
      ['HV02', 'Trust this computer for delegation to any service (Kerberos only)', true, ['Trust this computer for delegation to any service (Kerberos only)'], '—', 1],
      ['HV03', 'Trust this computer for delegation to specified services only — Use Kerberos only', false, ['Account is sensitive and cannot be delegated'], '—', 1],
    ]);
    expect(view.findings.map((f) => `${f.severity}: ${f.text} | ${f.fix}`)).toEqual([
      'critical: HV02 is trusted for delegation to any service (Kerberos only), unconstrained: it can act as any user towards any service in the domain | Run kcdmesh apply with the same hosts (it clears the flag), or in ADUC: HV02 > Properties > Delegation > "Trust this computer for delegation to specified services only".',
      `error: HV01 cannot delegate to HV02: missing ${MIGRATION}/hv02.lab.test | Run kcdmesh apply with the same hosts (it adds exactly these values), or in ADUC: HV01 > Properties > Delegation > Add > HV02, and pick every missing service.`,
      `error: HV03 cannot delegate to HV01: missing cifs/HV01, cifs/hv01.lab.test, ${MIGRATION}/HV01, ${MIGRATION}/hv01.lab.test | Run kcdmesh apply with the same hosts (it adds exactly these values), or in ADUC: HV03 > Properties > Delegation > Add > HV01, and pick every missing service.`,
    ]);
  });

  it('carries the scope, and nothing in it is a secret', () => {
    const view = reportView(report(configuredMesh(['HV01', 'HV02'])));
    expect(view.scope).toEqual({ dcUrl: 'ldaps://dc1.lab.test', dcHost: 'dc1.lab.test', baseDn: 'DC=lab,DC=test', bindIdentity: 'admin@lab.test', time: '2026-11-21T10:15:00.000Z', version: '0.1.0' });
    expect(JSON.stringify(view)).not.toMatch(/password|secret/i);
    expect(view.tone).toBe('ok');
    expect(view.summary).toBe('Verified: 2 hosts, 2 directed pairs, every pair trusted both ways (kerberos-only).');
  });
});

describe('renderHtmlReport', () => {
  it('is one self-contained document: inline CSS, no script, nothing loaded from elsewhere', () => {
    const html = renderHtmlReport(report(gap()));
    expect(html.startsWith('<!DOCTYPE html>\n<html lang="en">')).toBe(true);
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`);
    expect(html).not.toMatch(/<script|<link|<img|src=|@import|url\(/i);
    expect(html).toContain('<tr data-from="HV01"><th scope="row" title="HV01 cannot fully delegate to 1 peer" class="gaps">HV01 <span class="count">1</span></th><td class="self" title="HV01 itself">—</td><td data-to="HV02" data-state="partial"');
    expect(html).toContain('What this delegation grants');
    expect(html).toContain('a compromised host reaches every peer it delegates to');
  });

  it('escapes everything the directory holds', () => {
    const hosts = configuredMesh(['HV01', 'HV02']);
    hosts[1].dn = 'CN=HV02,OU=<script>alert(1)</script>,DC=lab,DC=test';
    hosts[1].fqdn = 'hv02.lab.test"onmouseover="x';
    const html = renderHtmlReport(report(hosts));
    expect(html).not.toContain('<script>');
    expect(html).toContain('OU&#x3D;&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toContain('"onmouseover="');
    expect(html).toContain('hv02.lab.test&quot;onmouseover&#x3D;&quot;x');
  });

  it('comes from a template that escapes by default (no triple-stash, no unescaped blocks)', () => {
    const template = readFileSync(new URL('../../../templates/report.html.hbs', import.meta.url), 'utf8');
    expect(template).not.toContain('{{{');
    expect(template).not.toContain('{{&');
    expect(template).not.toMatch(/<script/i);
  });
});
