import { describe, expect, it } from '@jest/globals';
import { computePlan } from '../../../src/core/plan.js';
import type { HostRecord, Mode } from '../../../src/core/types.js';
import { SAME_FOR_PEERS, planSummary, renderPlanText } from '../../../src/render/plan-text.js';
import { PLAIN } from '../../../src/render/style.js';
import { MAPPINGS, MIGRATION, configuredMesh, host, policy, valuesFor } from '../builders.js';

const lines = (...ls: string[]): string => `${ls.join('\n')}\n`;
const render = (hosts: HostRecord[], mode: Mode = 'kerberos-only') => renderPlanText(computePlan(hosts, policy({ mode }), MAPPINGS), PLAIN);

const TRADE_OFF =
  '  remote moves started from another machine on Windows Server 2016+ need any-protocol; it is also the more powerful grant (a host can obtain tickets to its peers for any user).';

describe('renderPlanText', () => {
  it('shows, per host, the values to add and the flag to change, then warnings and the summary', () => {
    const hosts = [
      host('HV01', { values: valuesFor('HV02') }),
      host('HV02', { values: [...valuesFor('HV01'), ...valuesFor('HV03')], uac: 0x81000 }),
      host('HV03', { values: [...valuesFor('HV01'), ...valuesFor('HV02')], uac: 0x1002 }),
    ];
    expect(render(hosts)).toBe(lines(
      'Mode: kerberos-only ("Use Kerberos only")',
      TRADE_OFF,
      'Services: cifs, Microsoft Virtual System Migration Service',
      'Hosts: HV01, HV02, HV03',
      '',
      '  + add value   - remove value   ~ change',
      '',
      '~ HV01  CN=HV01,CN=Computers,DC=lab,DC=test',
      '    + cifs/HV03',
      '    + cifs/hv03.lab.test',
      '    + Microsoft Virtual System Migration Service/HV03',
      '    + Microsoft Virtual System Migration Service/hv03.lab.test',
      '~ HV02  CN=HV02,CN=Computers,DC=lab,DC=test',
      '    ~ userAccountControl 0x81000 -> 0x1000 (clear TRUSTED_FOR_DELEGATION (unconstrained))',
      '  HV03: no changes',
      '',
      'error: HV03\'s computer account is disabled: it cannot migrate to or from its peers',
      '',
      'Plan: 4 to add, 0 to remove, 1 flag change, on 2 of 3 hosts.',
    ));
  });

  it('shows a switch to any-protocol with the flag it sets', () => {
    expect(render(configuredMesh(['HV01', 'HV02']), 'any-protocol')).toBe(lines(
      'Mode: any-protocol ("Use any authentication protocol")',
      TRADE_OFF,
      'Services: cifs, Microsoft Virtual System Migration Service',
      'Hosts: HV01, HV02',
      '',
      '  + add value   - remove value   ~ change',
      '',
      '~ HV01  CN=HV01,CN=Computers,DC=lab,DC=test',
      '    ~ userAccountControl 0x1000 -> 0x1001000 (set TRUSTED_TO_AUTH_FOR_DELEGATION (any protocol))',
      '~ HV02  CN=HV02,CN=Computers,DC=lab,DC=test',
      '    ~ userAccountControl 0x1000 -> 0x1001000 (set TRUSTED_TO_AUTH_FOR_DELEGATION (any protocol))',
      '',
      'Plan: 0 to add, 0 to remove, 2 flag changes, on 2 of 2 hosts.',
    ));
  });

  it('says "No changes" without legend or host blocks when the mesh is in sync', () => {
    expect(render(configuredMesh(['HV01', 'HV02']))).toBe(lines(
      'Mode: kerberos-only ("Use Kerberos only")',
      TRADE_OFF,
      'Services: cifs, Microsoft Virtual System Migration Service',
      'Hosts: HV01, HV02',
      '',
      'No changes. The mesh of 2 hosts is in sync.',
    ));
  });

  it('keeps the warnings of an in-sync plan', () => {
    const mesh = configuredMesh(['HV01', 'HV02']);
    mesh[0].servicePrincipalNames = mesh[0].servicePrincipalNames.filter((s) => !s.startsWith('HOST/'));
    expect(render(mesh).split('\n').slice(-4)).toEqual([
      'error: HV01 cannot be delegated to: it does not register cifs/HV01 or cifs/hv01.lab.test (or HOST)',
      '',
      'No changes. The mesh of 2 hosts is in sync.',
      '',
    ]);
  });
});

describe('planSummary', () => {
  it.each([
    [[host('HV01'), host('HV02')], 'kerberos-only', 'Plan: 8 to add, 0 to remove, 0 flag changes, on 2 of 2 hosts.'],
    [[host('HV01'), host('HV02'), host('HV03')], 'any-protocol', 'Plan: 24 to add, 0 to remove, 3 flag changes, on 3 of 3 hosts.'],
    [configuredMesh(['HV01', 'HV02', 'HV03']), 'kerberos-only', 'No changes. The mesh of 3 hosts is in sync.'],
  ] as Array<[HostRecord[], Mode, string]>)('%#: %s', (hosts, mode, summary) => {
    expect(planSummary(computePlan(hosts, policy({ mode }), MAPPINGS))).toBe(summary);
  });
});

describe('many peers gaining the same values', () => {
  const names = (n: number, from = 1): string[] => Array.from({ length: n }, (_, i) => `HV${String(i + from).padStart(2, '0')}`);
  const blockOf = (text: string, name: string): string[] => {
    const ls = text.split('\n');
    const at = ls.findIndex((l) => l.startsWith(`~ ${name} `));
    const end = ls.findIndex((l, i) => i > at && !l.startsWith('    '));
    return ls.slice(at + 1, end);
  };

  it(`are one line from ${SAME_FOR_PEERS} peers on, every peer named, and a note says where every value is listed`, () => {
    const text = render(names(SAME_FOR_PEERS + 1).map((n) => host(n)));
    expect(blockOf(text, 'HV01')).toEqual([
      `    + cifs (short name and FQDN), ${MIGRATION} (short name and FQDN) for each of ${SAME_FOR_PEERS} peers (${4 * SAME_FOR_PEERS} values): ${names(SAME_FOR_PEERS, 2).join(', ')}`,
    ]);
    expect(text).toContain('  (a line "for each of N peers" stands for the same values towards each; --output ldif or json lists every value)\n');
    expect(text).toContain(`Plan: ${4 * SAME_FOR_PEERS * (SAME_FOR_PEERS + 1)} to add,`);
  });

  it('are listed peer after peer in plan order, a peer that lacks only some values in its place', () => {
    const hosts = names(5).map((n) => host(n));
    hosts[2].delegateTo.push('cifs/HV02');
    const lacks = (peer: string): string[] => valuesFor(peer).map((v) => `    + ${v}`);
    expect(blockOf(render(hosts), 'HV03')).toEqual([...lacks('HV01'), ...lacks('HV02').slice(1), ...lacks('HV04'), ...lacks('HV05')]);
  });

  it(`are listed value by value below ${SAME_FOR_PEERS} peers, with no note`, () => {
    const text = render(names(SAME_FOR_PEERS).map((n) => host(n)));
    expect(blockOf(text, 'HV01')).toHaveLength(4 * (SAME_FOR_PEERS - 1));
    expect(blockOf(text, 'HV01')[0]).toBe('    + cifs/HV02');
    expect(text).not.toContain('for each of');
  });

  it('a peer that lacks only some values keeps its own lines beside the line for the others', () => {
    const all = names(SAME_FOR_PEERS + 3);
    const hosts = all.map((n) => host(n));
    hosts[0].delegateTo.push(`cifs/${all[1]}`, `${MIGRATION}/${all[1]}`, `${MIGRATION}/hv03.lab.test`);
    const block = blockOf(render(hosts), 'HV01');
    expect(block).toEqual([
      '    + cifs/hv02.lab.test',
      `    + ${MIGRATION}/hv02.lab.test`,
      '    + cifs/HV03',
      '    + cifs/hv03.lab.test',
      `    + ${MIGRATION}/HV03`,
      `    + cifs (short name and FQDN), ${MIGRATION} (short name and FQDN) for each of ${SAME_FOR_PEERS} peers (${4 * SAME_FOR_PEERS} values): ${all.slice(3).join(', ')}`,
    ]);
  });

  it('hosts that lack as many values of the same peers, but not the same ones, are each said what they lack', () => {
    const some = names(SAME_FOR_PEERS, 3);
    const others = names(SAME_FOR_PEERS, 3 + SAME_FOR_PEERS);
    const hosts = names(2 + 2 * SAME_FOR_PEERS).map((n) => host(n));
    const cifsFqdn = (p: string): string => `cifs/${p.toLowerCase()}.lab.test`;
    // three values left towards each peer, each run starting with the same value: HV01 holds the cifs FQDN of
    // some peers; HV02 holds their migration short name, and the cifs FQDN of the others
    hosts[0].delegateTo.push(...some.map(cifsFqdn));
    hosts[1].delegateTo.push(...some.map((p) => `${MIGRATION}/${p}`), ...others.map(cifsFqdn));
    const text = render(hosts);
    const line = (shape: string, peers: string[]): string => `    + ${shape} for each of ${peers.length} peers (${3 * peers.length} values): ${peers.join(', ')}`;
    const withoutCifsFqdn = `cifs (short name), ${MIGRATION} (short name and FQDN)`;
    const withoutMigrationShort = `cifs (short name and FQDN), ${MIGRATION} (FQDN)`;
    const everything = ['HV02', ...others];
    expect(blockOf(text, 'HV01')).toEqual([
      `    + cifs (short name and FQDN), ${MIGRATION} (short name and FQDN) for each of ${everything.length} peers (${4 * everything.length} values): ${everything.join(', ')}`,
      line(withoutCifsFqdn, some),
    ]);
    expect(blockOf(text, 'HV02')).toEqual([...valuesFor('HV01').map((v) => `    + ${v}`), line(withoutMigrationShort, some), line(withoutCifsFqdn, others)]);
  });
});
