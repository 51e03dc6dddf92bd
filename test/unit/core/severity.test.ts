import { describe, expect, it } from '@jest/globals';
import { dcTargetFindings } from '../../../src/core/findings.js';
import { meshModeFindings } from '../../../src/core/mesh-mode.js';
import type { Finding, HostRecord } from '../../../src/core/types.js';
import { dnKey } from '../../../src/core/keys.js';
import { planTopology } from '../../../src/core/plan.js';
import { meshTopology } from '../../../src/core/topology.js';
import { computeVerdict, orderFindings, verdictFromPlan, worstOf } from '../../../src/core/verdict.js';
import { findingSentence } from '../../../src/render/sentences.js';
import { MAPPINGS, MEMBER_UAC, MIGRATION, configuredMesh, host, policy, valuesFor } from '../builders.js';

const kinds = (fs: readonly Finding[]) => fs.map((f) => [f.severity, f.kind, f.host]);

describe('severity of each finding', () => {
  const mesh = (change: (hosts: HostRecord[]) => void): HostRecord[] => {
    const hosts = configuredMesh(['HV01', 'HV02', 'HV03']);
    change(hosts);
    return hosts;
  };
  it.each<[string, HostRecord[], string, string]>([
    ['unconstrained delegation (0x80000)', mesh((h) => { h[1].userAccountControl = MEMBER_UAC | 0x80000; }), 'critical', 'unconstrained-delegation'],
    ['a missing value', mesh((h) => { h[0].delegateTo.pop(); }), 'error', 'missing-delegation'],
    ['a target without the migration SPN', mesh((h) => { h[2].servicePrincipalNames = h[2].servicePrincipalNames.filter((s) => !s.startsWith(MIGRATION)); }), 'error', 'target-spn-missing'],
    ['a target without HOST (cifs)', mesh((h) => { h[2].servicePrincipalNames = h[2].servicePrincipalNames.filter((s) => !s.startsWith('HOST/')); }), 'error', 'target-spn-missing'],
    ['a mode differing from the policy', mesh((h) => { h[0].userAccountControl = MEMBER_UAC | 0x1000000; }), 'error', 'mode-mismatch'],
    ['a disabled account', mesh((h) => { h[0].userAccountControl = MEMBER_UAC | 0x2; }), 'error', 'account-disabled'],
  ])('%s', (_name, hosts, severity, kind) => {
    const v = computeVerdict(hosts, policy(), MAPPINGS);
    expect(kinds(v.findings)).toEqual([[severity, kind, expect.any(String)]]);
    expect(v.worst).toBe(severity);
    expect(v.ok).toBe(false);
  });

  it('a mesh host delegating to a service of a domain controller is critical', () => {
    const hosts = [host('HV01', { values: ['ldap/dc1.lab.test', 'cifs/fs01.lab.test'] })];
    expect(dcTargetFindings(hosts, [{ name: 'DC1', fqdn: 'dc1.lab.test' }])).toEqual([
      { kind: 'delegates-to-dc', severity: 'critical', host: 'HV01', peer: 'DC1', service: 'ldap', value: 'ldap/dc1.lab.test' },
    ]);
  });

  it.each([
    ['ldap/DC1', 'DC1', 'ldap'],
    ['  HOST/Dc1.Lab.Test ', 'DC1', 'HOST'],
    ['cifs/dc1.lab.test/lab.test', 'DC1', 'cifs'],
    ['cifs/ dc1 ', 'DC1', 'cifs'],
  ])('the DC is found in %j whatever its spelling, blanks and third part', (value, dc, service) => {
    const hosts = [host('HV01', { values: ['cifs/HV02', 'cifs/dc10', 'cifs/dc', 'dc1', '/dc1', value] })];
    expect(dcTargetFindings(hosts, [{ name: 'DC1', fqdn: 'dc1.lab.test' }])).toEqual([
      { kind: 'delegates-to-dc', severity: 'critical', host: 'HV01', peer: dc, service, value },
    ]);
  });

  it('a DC whose lower-cased name is longer than the value names it (U+0130 lower-cases to two units)', () => {
    const hosts = [host('HV01', { values: ['cifs/\u0130DC'] })];
    expect(dcTargetFindings(hosts, [{ name: '\u0130DC'.toLowerCase(), fqdn: null }]).map((f) => f.value)).toEqual(['cifs/\u0130DC']);
  });

  it('a value budget warning alone leaves verify ok and the worst severity a warning', () => {
    const v = computeVerdict(configuredMesh(['HV01', 'HV02', 'HV03']), policy({ maxValues: 10 }), MAPPINGS);
    expect([v.ok, v.worst, v.count]).toEqual([true, 'warning', 3]);
  });
});

describe('order', () => {
  it('is severity first, then host (numeric), then peer', () => {
    const f = (severity: Finding['severity'], h: string, peer?: string): Finding => ({ kind: 'missing-delegation', severity, host: h, peer });
    const ordered = orderFindings([f('warning', 'HV01'), f('error', 'HV10', 'HV02'), f('error', 'HV2', 'HV03'), f('critical', 'HV09'), f('error', 'HV2', 'HV01')]);
    expect(ordered.map((x) => `${x.severity} ${x.host} ${x.peer ?? ''}`.trim())).toEqual(['critical HV09', 'error HV2 HV01', 'error HV2 HV03', 'error HV10 HV02', 'warning HV01']);
    expect(worstOf(ordered)).toBe('critical');
    expect(worstOf([])).toBeNull();
  });

  it('puts the dangerous findings before the missing pairs in a messy mesh', () => {
    const hosts = [
      host('HV01', { values: [] }),
      host('HV02', { values: [] }),
      host('HV03', { values: [...valuesFor('HV01'), ...valuesFor('HV02')], uac: MEMBER_UAC | 0x80000 }),
    ];
    expect(computeVerdict(hosts, policy(), MAPPINGS).findings.map((x) => x.kind)).toEqual(['unconstrained-delegation', 'delegates-to-none', 'delegates-to-none']);
  });
});

describe('aggregation', () => {
  it('lists a pair\'s missing values in one finding', () => {
    const hosts = configuredMesh(['HV01', 'HV02', 'HV03']);
    hosts[0].delegateTo = hosts[0].delegateTo.filter((v) => !v.endsWith('HV02') && !v.endsWith('hv02.lab.test'));
    const v = computeVerdict(hosts, policy(), MAPPINGS);
    expect(v.count).toBe(1);
    expect(v.findings[0].missing?.map((m) => `${m.service}|${m.nameForm}`)).toEqual(['cifs|short', 'cifs|fqdn', `${MIGRATION}|short`, `${MIGRATION}|fqdn`]);
  });

  it.each([2, 5, 40])('a host that delegates to none of its %i peers is one finding, not one per pair', (peers) => {
    const names = Array.from({ length: peers + 1 }, (_, i) => `HV${String(i + 1).padStart(2, '0')}`);
    const hosts = configuredMesh(names);
    hosts[names.length - 1].delegateTo = [];
    const v = computeVerdict(hosts, policy(), MAPPINGS);
    expect(v.findings).toEqual([{ kind: 'delegates-to-none', severity: 'error', host: names[names.length - 1], count: peers }]);
    expect(findingSentence(v.findings[0])).toBe(`${names[names.length - 1]} delegates to none of its ${peers} peers`);
  });

  it('grows with what is wrong: an empty 60-host mesh is 60 findings, not 3,540', () => {
    const names = Array.from({ length: 60 }, (_, i) => `HV${i}`);
    expect(computeVerdict(names.map((n) => host(n)), policy(), MAPPINGS).count).toBe(60);
  });
});

describe('mode without --mode or a config', () => {
  it.each<[string, number[], string[]]>([
    ['all kerberos-only', [0, 0, 0], []],
    ['all any-protocol', [0x1000000, 0x1000000, 0x1000000], []],
    ['one any-protocol among kerberos-only', [0, 0x1000000, 0], ['HV02 is in any-protocol mode, the rest of the mesh (2 hosts) in kerberos-only']],
    ['one kerberos-only among any-protocol', [0x1000000, 0, 0x1000000], ['HV02 is in kerberos-only mode, the rest of the mesh (2 hosts) in any-protocol']],
  ])('%s', (_name, bits, sentences) => {
    const hosts = configuredMesh(['HV01', 'HV02', 'HV03']).map((h, i) => ({ ...h, userAccountControl: MEMBER_UAC | bits[i] }));
    expect(meshModeFindings(hosts).map(findingSentence)).toEqual(sentences);
    const v = computeVerdict(hosts, policy(), MAPPINGS, { enforceMode: false, dcs: [], operators: [] });
    expect(v.findings.map(findingSentence)).toEqual(sentences);
    expect(v.modeEnforced).toBe(false);
  });

  it('an any-protocol mesh verified without --mode is clean and says any-protocol', () => {
    const v = computeVerdict(configuredMesh(['HV01', 'HV02'], MEMBER_UAC | 0x1000000), policy(), MAPPINGS, { enforceMode: false, dcs: [], operators: [] });
    expect([v.ok, v.count, v.mode]).toEqual([true, 0, 'any-protocol']);
  });
});

describe('values kcdmesh does not manage', () => {
  it('are listed per host with service and target, never counted as the mesh\'s', () => {
    const hosts = configuredMesh(['HV01', 'HV02']);
    hosts[0].delegateTo.push('cifs/fileserver01.lab.test', 'cifs/dc1.lab.test/lab.test', 'CIFS/HV02.LAB.TEST');
    const v = computeVerdict(hosts, policy(), MAPPINGS);
    expect(v.hosts.map((h) => [h.name, h.foreign])).toEqual([
      ['HV01', [{ spn: 'cifs/fileserver01.lab.test', service: 'cifs', target: 'fileserver01.lab.test' }, { spn: 'cifs/dc1.lab.test/lab.test', service: 'cifs', target: 'dc1.lab.test/lab.test' }]],
      ['HV02', []],
    ]);
  });

  it('are the same whatever the spelling of a managed value', () => {
    const hosts = configuredMesh(['HV01', 'HV02', 'HV03']);
    hosts[0].delegateTo = hosts[0].delegateTo.map((v) => ` ${v.toUpperCase()}\t`);
    hosts[1].delegateTo.push('cifs/HV01/extra', 'cifs/HV01.lab.test.', 'http/HV01', 'cifs/HV02');
    const v = computeVerdict(hosts, policy(), MAPPINGS);
    expect(v.hosts.map((h) => [h.name, h.foreign.map((f) => f.spn)])).toEqual([
      ['HV01', []],
      ['HV02', ['cifs/HV01/extra', 'cifs/HV01.lab.test.', 'http/HV01', 'cifs/HV02']],
      ['HV03', []],
    ]);
  });

  it('a value for a service the edge does not carry is foreign, and a peer kept only one way owns no values back', () => {
    const hosts = configuredMesh(['HV01', 'HV02']);
    const v = computeVerdict(hosts, policy({ services: ['cifs'] }), MAPPINGS);
    expect(v.hosts.map((h) => h.foreign.map((f) => f.service))).toEqual([[MIGRATION, MIGRATION], [MIGRATION, MIGRATION]]);
  });

  it('a value held with blanks around it is an error finding that says so visibly, and verify is not clean: the KDC matches no ticket to it', () => {
    const hosts = configuredMesh(['HV01', 'HV02']);
    hosts[0].delegateTo = hosts[0].delegateTo.map((v, i) => (i === 1 ? ` ${v}\t` : v));
    const v = computeVerdict(hosts, policy(), MAPPINGS);
    const padded = v.findings.filter((f) => f.kind === 'padded-value');
    expect(padded).toEqual([{ kind: 'padded-value', severity: 'error', host: 'HV01', value: ' cifs/hv02.lab.test\t' }]);
    expect(findingSentence(padded[0]!)).toBe('HV01 holds " cifs/hv02.lab.test\\t" with blanks around it: the KDC matches no ticket to it, so it delegates nothing');
    expect(v.ok).toBe(false);
    expect(computeVerdict(configuredMesh(['HV01', 'HV02']), policy(), MAPPINGS).ok).toBe(true);
  });

  it('a value the plan removes is not one', () => {
    const hosts = configuredMesh(['HV01', 'HV02']);
    hosts[0].delegateTo.push('cifs/HV09', 'cifs/fs01');
    const topo = meshTopology(hosts, policy().services, policy().mode);
    topo.removals.set(dnKey(hosts[0]), ['CIFS/hv09 ']);
    const plan = planTopology(topo, policy(), MAPPINGS);
    expect(plan.hosts[0].remove).toEqual(['cifs/HV09']);
    expect(plan.hosts[0].unmanaged).toEqual(['cifs/fs01']);
    expect(verdictFromPlan(plan, hosts).hosts[0].foreign.map((f) => f.spn)).toEqual(['cifs/fs01']);
  });
});
