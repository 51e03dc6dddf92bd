import { describe, expect, it } from '@jest/globals';
import { verifyFindings } from '../../../src/core/findings.js';
import { pairsOf } from '../../../src/core/matrix.js';
import { computePlan } from '../../../src/core/plan.js';
import type { Finding, HostRecord, Mode, SpnMappings } from '../../../src/core/types.js';
import { computeVerdict } from '../../../src/core/verdict.js';
import { CONSOLE, MAPPINGS, MEMBER_UAC, MIGRATION, NO_MAPPINGS, configuredMesh, host, hyperVSpns, policy, valuesFor } from '../builders.js';
import { findingSentence } from '../../../src/render/sentences.js';

const findings = (hosts: HostRecord[], mode: Mode = 'kerberos-only', mappings: SpnMappings = MAPPINGS): Finding[] =>
  verifyFindings(computePlan(hosts, policy({ mode }), mappings));
const summary = (fs: Finding[]) => fs.map((f) => [f.kind, f.severity, f.host, findingSentence(f)]);

describe('verifyFindings', () => {
  it('finds nothing on a complete mesh', () => {
    expect(findings(configuredMesh(['HV01', 'HV02', 'HV03']))).toEqual([]);
  });

  it('reports a pair\'s missing values as one finding, each value with its peer, service and name form', () => {
    const mesh = configuredMesh(['HV01', 'HV02', 'HV03']);
    mesh[0].delegateTo = mesh[0].delegateTo.filter((v) => v !== 'cifs/hv02.lab.test' && v !== `${MIGRATION}/HV03`);
    expect(findings(mesh)).toEqual([
      { kind: 'missing-delegation', severity: 'error', host: 'HV01', peer: 'HV02', missing: [{ peer: 'HV02', service: 'cifs', nameForm: 'fqdn', spn: 'cifs/hv02.lab.test' }] },
      { kind: 'missing-delegation', severity: 'error', host: 'HV01', peer: 'HV03', missing: [{ peer: 'HV03', service: MIGRATION, nameForm: 'short', spn: `${MIGRATION}/HV03` }] },
    ]);
    expect(findings(mesh).map(findingSentence)).toEqual(['HV01 cannot delegate to HV02: missing cifs/hv02.lab.test', `HV01 cannot delegate to HV03: missing ${MIGRATION}/HV03`]);
  });

  it.each([
    ['any-protocol', MEMBER_UAC, 'HV01 is in kerberos-only mode, the mesh wants any-protocol'],
    ['kerberos-only', MEMBER_UAC | 0x1000000, 'HV01 is in any-protocol mode, the mesh wants kerberos-only'],
  ] as const)('reports a mode mismatch when the mesh wants %s', (mode, uac, message) => {
    const mesh = configuredMesh(['HV01', 'HV02'], uac);
    expect(summary(findings(mesh, mode))).toEqual([
      ['mode-mismatch', 'error', 'HV01', message],
      ['mode-mismatch', 'error', 'HV02', message.replace('HV01', 'HV02')],
    ]);
  });

  it.each([
    ['kerberos-only', ['unconstrained-delegation']],
    ['any-protocol', ['unconstrained-delegation', 'mode-mismatch']],
  ] as const)('reports unconstrained delegation (0x80000) as critical in %s mode', (mode, kinds) => {
    const mesh = [host('HV01', { uac: MEMBER_UAC | 0x80000, values: valuesFor('HV02') }), host('HV02', { values: valuesFor('HV01'), uac: mode === 'any-protocol' ? 0x1001000 : MEMBER_UAC })];
    const fs = findings(mesh, mode);
    expect(fs.map((f) => f.kind)).toEqual(kinds);
    expect(fs[0]).toMatchObject({ severity: 'critical', host: 'HV01' });
    expect(findingSentence(fs[0])).toBe('HV01 is trusted for delegation to any service (Kerberos only), unconstrained: it can act as any user towards any service in the domain');
  });

  it('reports a target that does not register the migration service', () => {
    const mesh = configuredMesh(['HV01', 'HV02']);
    mesh[1].servicePrincipalNames = hyperVSpns('HV02').filter((s) => !s.startsWith(MIGRATION));
    expect(summary(findings(mesh))).toEqual([
      ['target-spn-missing', 'error', 'HV02', `HV02 cannot be delegated to: it does not register ${MIGRATION}/HV02 or ${MIGRATION}/hv02.lab.test (is the Hyper-V role installed?)`],
    ]);
  });

  it('names only the missing form when one of the two is registered', () => {
    const mesh = configuredMesh(['HV01', 'HV02']);
    mesh[1].servicePrincipalNames = mesh[1].servicePrincipalNames.filter((s) => s !== `${MIGRATION}/hv02.lab.test`);
    expect(findings(mesh).map((f) => [f.kind, f.host, f.missing?.map((v) => [v.nameForm, v.spn])])).toEqual([['target-spn-missing', 'HV02', [['fqdn', `${MIGRATION}/hv02.lab.test`]]]]);
  });

  it('accepts HOST/<form> for cifs through sPNMappings, in any case', () => {
    const mesh = configuredMesh(['HV01', 'HV02']);
    mesh[1].servicePrincipalNames = mesh[1].servicePrincipalNames.map((s) => s.toUpperCase());
    expect(findings(mesh, 'kerberos-only', MAPPINGS)).toEqual([]);
  });

  it('reports cifs missing on every target when sPNMappings is not known', () => {
    expect(summary(findings(configuredMesh(['HV01', 'HV02']), 'kerberos-only', NO_MAPPINGS))).toEqual([
      ['target-spn-missing', 'error', 'HV01', 'HV01 cannot be delegated to: it does not register cifs/HV01 or cifs/hv01.lab.test'],
      ['target-spn-missing', 'error', 'HV02', 'HV02 cannot be delegated to: it does not register cifs/HV02 or cifs/hv02.lab.test'],
    ]);
  });

  it('reports cifs missing, naming HOST, when the target lacks HOST/<fqdn>', () => {
    const mesh = configuredMesh(['HV01', 'HV02']);
    mesh[1].servicePrincipalNames = [`HOST/HV02`, `${MIGRATION}/HV02`, `${MIGRATION}/hv02.lab.test`, `${CONSOLE}/HV02`];
    expect(summary(findings(mesh))).toEqual([
      ['target-spn-missing', 'error', 'HV02', 'HV02 cannot be delegated to: it does not register cifs/hv02.lab.test (or HOST)'],
    ]);
  });

  it('reports a disabled computer account as an error', () => {
    const mesh = configuredMesh(['HV01', 'HV02']);
    mesh[1].userAccountControl = MEMBER_UAC | 0x2;
    expect(summary(findings(mesh))).toEqual([
      ['account-disabled', 'error', 'HV02', 'HV02\'s computer account is disabled: it cannot migrate to or from its peers'],
    ]);
  });
});

describe('computeVerdict', () => {
  it('is ok with every directed pair complete on a configured mesh', () => {
    const v = computeVerdict(configuredMesh(['HV01', 'HV02', 'HV03']), policy(), MAPPINGS);
    expect(v.ok).toBe(true);
    expect([...pairsOf(v.trust)]).toHaveLength(6);
    expect([...pairsOf(v.trust)].every((p) => p.expected === 4 && p.missing === 0)).toBe(true);
  });

  it('counts the missing values of each directed pair', () => {
    const hosts = [host('HV01', { values: valuesFor('HV02').slice(0, 2) }), host('HV02', { values: [...valuesFor('HV01'), ...valuesFor('HV03')] }), host('HV03', { values: valuesFor('HV02') })];
    const v = computeVerdict(hosts, policy(), MAPPINGS);
    expect(v.ok).toBe(false);
    expect([...pairsOf(v.trust)].map((p) => `${p.from}->${p.to} ${p.missing}/${p.expected}`)).toEqual([
      'HV01->HV02 2/4',
      'HV01->HV03 4/4',
      'HV02->HV01 0/4',
      'HV02->HV03 0/4',
      'HV03->HV01 4/4',
      'HV03->HV02 0/4',
    ]);
  });

  it('is not ok (verify exits 2) with a disabled account', () => {
    const mesh = configuredMesh(['HV01', 'HV02']);
    mesh[0].userAccountControl = MEMBER_UAC | 0x2;
    const v = computeVerdict(mesh, policy(), MAPPINGS);
    expect(v.findings.map((f) => f.kind)).toEqual(['account-disabled']);
    expect(v.ok).toBe(false);
  });
});

describe('a form missing towards every peer, with a storage target', () => {
  it('counts exactly the peers each form is missing towards: cifs towards all 4 targets, the migration service towards the 3 Hyper-V peers', async () => {
    const { delegationFindings } = await import('../../../src/core/findings.js');
    const peers = ['HV02', 'HV03', 'HV04'];
    const both = ['cifs', MIGRATION];
    const edges = [...peers.map((to) => ({ from: 'HV01', to, services: both })), { from: 'HV01', to: 'FS01', services: ['cifs'] }];
    const fqdn = (peer: string, service: string) => ({ peer, service, nameForm: 'fqdn' as const, spn: `${service}/${peer.toLowerCase()}.lab.test` });
    const planned = [...peers.flatMap((p) => both.map((s) => fqdn(p, s))), fqdn('FS01', 'cifs')];
    const found = delegationFindings({ host: 'HV01', dn: 'CN=HV01', current: [], add: planned.map((v) => v.spn), planned, remove: [], unmanaged: [], uac: null }, edges);
    expect(found.map(findingSentence)).toEqual([
      'HV01 lacks cifs by FQDN towards every one of its 4 peers',
      `HV01 lacks ${MIGRATION} by FQDN towards every one of its 3 peers`,
    ]);
  });
});
