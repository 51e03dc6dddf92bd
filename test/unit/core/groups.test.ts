import { describe, expect, it } from '@jest/globals';
import { checkOneDomain, groupsTopology, type ResolvedGroup } from '../../../src/core/groups.js';
import { UsageError } from '../../../src/errors.js';
import { MIGRATION, dnOf, host } from '../builders.js';

const SERVICES = ['cifs', MIGRATION];
const group = (name: string, hosts: string[], storage: string[] = [], mode: ResolvedGroup['mode'] = 'kerberos-only'): ResolvedGroup => ({
  name,
  mode,
  hosts: hosts.map((h) => host(h)),
  storage: storage.map((s) => host(s, { spns: [`HOST/${s}`] })),
});
const pairs = (g: readonly ResolvedGroup[]): string[] => groupsTopology(g, SERVICES).edges.map((e) => `${e.from}>${e.to}:${e.services.join('+')}`);

describe('groupsTopology', () => {
  it('meshes each group inside itself, and gives its storage cifs one way', () => {
    expect(pairs([group('g1', ['HV01', 'HV02'], ['FS01'])])).toEqual([
      `HV01>HV02:cifs+${MIGRATION}`,
      `HV02>HV01:cifs+${MIGRATION}`,
      'HV01>FS01:cifs',
      'HV02>FS01:cifs',
    ]);
  });

  it('lets a host in two groups trust the members of both, and no pair across the groups', () => {
    const edges = pairs([group('g1', ['HV01', 'HV02']), group('g2', ['HV02', 'HV03'])]);
    expect(edges).toContain(`HV02>HV03:cifs+${MIGRATION}`);
    expect(edges).toContain(`HV02>HV01:cifs+${MIGRATION}`);
    expect(edges.filter((e) => e.startsWith('HV01>HV03') || e.startsWith('HV03>HV01'))).toEqual([]);
    const topo = groupsTopology([group('g1', ['HV01', 'HV02']), group('g2', ['HV02', 'HV03'])], SERVICES);
    expect(topo.members.map((m) => m.name)).toEqual(['HV01', 'HV02', 'HV03']);
    expect([...topo.modes.values()]).toEqual(['kerberos-only', 'kerberos-only', 'kerberos-only']);
  });

  it('refuses a host in two groups of different modes', () => {
    const run = (): unknown => groupsTopology([group('g1', ['HV01', 'HV02']), group('g2', ['HV02', 'HV03'], [], 'any-protocol')], SERVICES);
    expect(run).toThrow(UsageError);
    expect(run).toThrow('HV02 is in group g1 (kerberos-only) and group g2 (any-protocol)');
  });
});

describe('checkOneDomain', () => {
  it('accepts one domain and refuses a config that spans two', () => {
    expect(() => checkOneDomain([group('g1', ['HV01', 'HV02'])])).not.toThrow();
    const other = { ...group('g2', []), hosts: [host('HV09', { dn: dnOf('HV09', 'DC=other,DC=test') })] };
    expect(() => checkOneDomain([group('g1', ['HV01', 'HV02']), other])).toThrow('the config spans domains: HV01 (group g1) in lab.test, HV09 (group g2) in other.test');
  });
});
