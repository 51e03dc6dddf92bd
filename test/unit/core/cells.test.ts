import { describe, expect, it } from '@jest/globals';
import { matrixRows, pairsOf } from '../../../src/core/matrix.js';
import type { HostRecord } from '../../../src/core/types.js';
import { computeVerdict } from '../../../src/core/verdict.js';
import { MODE_WORDS, flagWords } from '../../../src/render/aduc.js';
import { cellText } from '../../../src/render/verify-text.js';
import { MAPPINGS, MIGRATION, configuredMesh, policy } from '../builders.js';

const cells = (hosts: HostRecord[]) => {
  const v = computeVerdict(hosts, policy(), MAPPINGS);
  return matrixRows(v.hosts.map((h) => h.name), [...pairsOf(v.trust)], v.services, v.findings);
};

describe('matrix cells (one model, every format)', () => {
  it.each<[string, (h: HostRecord[]) => void, string, string]>([
    ['complete', () => undefined, 'complete', 'ok'],
    ['one name form missing', (h) => { h[0].delegateTo = h[0].delegateTo.filter((v) => v !== 'cifs/hv02.lab.test'); }, 'partial', '3/4'],
    ['nothing for the peer', (h) => { h[0].delegateTo = h[0].delegateTo.filter((v) => !/hv02/i.test(v)); }, 'none', 'none'],
    ['target without the migration SPN, values all there', (h) => { h[1].servicePrincipalNames = h[1].servicePrincipalNames.filter((s) => !s.startsWith(MIGRATION)); }, 'undelegable', 'no SPN'],
    ['target without HOST (so no cifs)', (h) => { h[1].servicePrincipalNames = h[1].servicePrincipalNames.filter((s) => !s.startsWith('HOST/')); }, 'undelegable', 'no SPN'],
  ])('%s', (_name, change, state, text) => {
    const hosts = configuredMesh(['HV01', 'HV02', 'HV03']);
    change(hosts);
    const c = cells(hosts)[0].cells[1];
    expect([c.from, c.to, c.state, cellText(c)]).toEqual(['HV01', 'HV02', state, text]);
    expect(cells(hosts)[0].cells[0].state).toBe('self');
  });

  it('never draws an undelegable target green, and counts it against the row', () => {
    const hosts = configuredMesh(['HV01', 'HV02']);
    hosts[1].servicePrincipalNames = [];
    const rows = cells(hosts);
    expect(rows[0].cells[1].services.map((s) => s.state)).toEqual(['undelegable', 'undelegable']);
    expect(rows.map((r) => r.broken)).toEqual([1, 0]);
  });
});

describe('ADUC words', () => {
  it.each<[number, number, string[]]>([
    [0x1000, 0, []],
    [0x1000, 4, [MODE_WORDS['kerberos-only']]],
    [0x1001000, 4, [MODE_WORDS['any-protocol']]],
    [0x81000, 0, ['Trust this computer for delegation to any service (Kerberos only)']],
    [0x1002, 0, ['account disabled']],
    [0x101000, 4, [MODE_WORDS['kerberos-only'], 'Account is sensitive and cannot be delegated']],
  ])('uac 0x%s with %i values', (uac, values, labels) => {
    expect(flagWords(uac, values).map((f) => f.label)).toEqual(labels);
    expect(flagWords(uac, values).map((f) => f.label).join(' ')).not.toMatch(/0x/);
  });

  it('words the two constrained modes as ADUC does', () => {
    expect(MODE_WORDS['kerberos-only']).toBe('Trust this computer for delegation to specified services only — Use Kerberos only');
    expect(MODE_WORDS['any-protocol']).toBe('Trust this computer for delegation to specified services only — Use any authentication protocol');
  });
});
