import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { loadBaseline, parseBaseline } from '../../../src/config/baseline.js';
import { UsageError } from '../../../src/errors.js';

const TEMPLATES = join(new URL('.', import.meta.url).pathname, '..', '..', '..', 'templates');

function refusal(doc: unknown): string {
  try {
    parseBaseline(doc, 'kcdmesh.yaml');
  } catch (err) {
    if (err instanceof UsageError) return err.message;
    throw err;
  }
  throw new Error('accepted');
}

describe('the shipped templates', () => {
  it.each(['one-mesh.yaml', 'groups.yaml', 'groups-storage.yaml'])('%s is a valid baseline', async (name) => {
    const b = await loadBaseline(join(TEMPLATES, name));
    expect(b.groups.length).toBeGreaterThan(0);
  });

  it('groups-storage.yaml reads as documented', async () => {
    const b = await loadBaseline(join(TEMPLATES, 'groups-storage.yaml'));
    expect(b.mode).toBe('any-protocol');
    expect(b.services).toEqual(['cifs', 'Microsoft Virtual System Migration Service']);
    expect(b.groups.map((g) => [g.name, g.hosts, g.storage])).toEqual([
      ['cluster-free-a', ['HV01', 'HV02', 'HV03'], ['FS01', 'sofs.example.com']],
      ['cluster-free-b', ['HV04', 'HV05'], ['FS02']],
    ]);
  });
});

describe('invalid configs name the path', () => {
  const group = { name: 'a', hosts: ['HV01', 'HV02'] };
  it.each<[string, unknown, string]>([
    ['a host that is not a string', { groups: [group, { name: 'b', hosts: ['HV03', 'HV04', 7] }] }, 'kcdmesh.yaml: groups[1].hosts[2]: Invalid input: expected string, received number'],
    ['an unknown top-level key', { groups: [group], hostz: [] }, 'kcdmesh.yaml: unknown key "hostz"'],
    ['an unknown key in a group', { groups: [{ ...group, peers: [] }] }, 'kcdmesh.yaml: groups[0]: unknown key "peers"'],
    ['no groups', {}, 'kcdmesh.yaml: groups: Invalid input: expected array, received undefined'],
    ['an invalid mode', { mode: 'sometimes', groups: [group] }, 'kcdmesh.yaml: mode: Invalid option: expected one of "kerberos-only"|"any-protocol"'],
    ['a service with a slash', { services: ['cifs/HV01'], groups: [group] }, 'kcdmesh.yaml: services[0]: a service class has no /, \\, * or parentheses (give "cifs", not "cifs/HV01")'],
    ['hosts and discover together', { groups: [{ ...group, discover: {} }] }, 'kcdmesh.yaml: groups[0]: give either hosts or discover'],
    ['neither hosts nor discover', { groups: [{ name: 'a' }] }, 'kcdmesh.yaml: groups[0]: give either hosts or discover'],
    ['a filter without parentheses', { groups: [{ name: 'a', discover: { filter: 'cn=HV*' } }] }, 'kcdmesh.yaml: groups[0].discover.filter: expected an LDAP filter in parentheses'],
    ['a password', { connection: { password: 'x' }, groups: [group] }, 'kcdmesh.yaml: connection.password: a config file never holds a password'],
    ['a group defined twice', { groups: [group, { ...group, name: 'A' }] }, 'kcdmesh.yaml: groups[1].name: group "A" is defined twice'],
    ['maxValues not a whole number', { maxValues: 1.5, groups: [group] }, 'kcdmesh.yaml: maxValues: Invalid input: expected int, received number'],
  ])('%s', (_what, doc, message) => {
    expect(refusal(doc)).toBe(message);
  });

  it('reports YAML syntax errors with the file name', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'kcdmesh-cfg-')), 'bad.yaml');
    writeFileSync(file, 'groups:\n  - name: a\n   hosts: [HV01\n');
    await expect(loadBaseline(file)).rejects.toThrow(/bad.yaml: not valid YAML or JSON: /);
  });

  it('accepts JSON', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'kcdmesh-cfg-')), 'mesh.json');
    writeFileSync(file, JSON.stringify({ mode: 'any-protocol', groups: [group] }));
    expect((await loadBaseline(file)).mode).toBe('any-protocol');
  });
});

describe('migration.networks: IPv4 and IPv6 as the address parser reads them', () => {
  const base = { groups: [{ name: 'g', hosts: ['HV01', 'HV02'] }] };
  const networks = (list: string[]) => parseBaseline({ ...base, migration: { networks: list } }, 'kcdmesh.yaml').migration!.networks;
  const valid = ['0.0.0.0/0', '10.1.2.3', '10.0.0.0/32', '::', '::/0', '::1/128', 'fd00:10::/64', '2001:db8:0:0:0:0:0:1/48', '1:2:3:4:5:6:7::', '::ffff:192.168.1.0/120', 'FD00:A::1'];
  it('takes every form of address a network can have', () => expect(networks(valid)).toEqual(valid));

  it.each([
    ['two "::"', '1::2::3/64', 'not an IPv6 address'],
    ['nine groups', '1:2:3:4:5:6:7:8:9/64', 'not an IPv6 address'],
    ['eight groups and a "::"', '1:2:3:4:5:6:7:8::/64', 'not an IPv6 address'],
    ['seven groups without "::"', '1:2:3:4:5:6:7/64', 'not an IPv6 address'],
    ['a group of five digits', 'fd000:10::/64', 'not an IPv6 address'],
    ['an empty group', 'fd00::10:/64', 'not an IPv6 address'],
    ['a leading single colon', ':fd00::/64', 'not an IPv6 address'],
    ['three colons', 'fd00:::1/64', 'not an IPv6 address'],
    ['only colons', ':::', 'not an IPv6 address'],
    ['a bare colon', ':', 'not an IPv6 address'],
    ['a zone', 'fe80::1%eth0/64', 'a zone (%...) names an interface, not a network'],
    ['a prefix over 128', 'fd00::/129', 'the prefix length after "/" is a whole number from 0 to 128'],
    ['an empty prefix', 'fd00::/', 'the prefix length after "/" is a whole number from 0 to 128'],
    ['a prefix with a leading zero', '10.0.0.0/024', 'the prefix length after "/" is a whole number from 0 to 32'],
    ['a negative prefix', '10.0.0.0/-1', 'the prefix length after "/" is a whole number from 0 to 32'],
    ['two "/"', '10.0.0.0/8/8', 'more than one "/"'],
    ['three IPv4 parts', '10.0.0/24', 'not an IPv4 address'],
    ['an IPv4 part with a leading zero', '10.0.0.010/24', 'not an IPv4 address'],
  ])('refuses %s (%s)', (_what, value, problem) => {
    expect(refusal({ ...base, migration: { networks: [value] } })).toBe(`kcdmesh.yaml: migration.networks[0]: expected a subnet such as 192.168.10.0/24 or fd00:10::/64: ${problem}`);
  });
});

describe('every list names each thing once, as AD compares names (without regard to case)', () => {
  const g = (extra: object) => ({ name: 'g', hosts: ['HV01', 'HV02'], ...extra });
  it.each<[string, unknown, string]>([
    ['a service in two spellings', { services: ['cifs', 'CIFS'], groups: [g({})] }, 'services[1]: service "CIFS" is listed twice (also as "cifs")'],
    ['the migration service in two spellings', { services: ['Microsoft Virtual System Migration Service', 'microsoft virtual system migration service'], groups: [g({})] }, 'services[1]: service "microsoft virtual system migration service" is listed twice'],
    ['a host twice in a group', { groups: [g({ hosts: ['HV01', 'HV02', 'hv01'] })] }, 'groups[0].hosts[2]: host "hv01" is listed twice (also as "HV01")'],
    ['a host and its account name', { groups: [g({ hosts: ['HV01', 'HV02', 'HV01$'] })] }, 'groups[0].hosts[2]: host "HV01$" is listed twice (also as "HV01")'],
    ['a storage target twice', { groups: [g({ storage: ['FS01', 'fs01'] })] }, 'groups[0].storage[1]: storage target "fs01" is listed twice (also as "FS01")'],
    ['a host that is its group\'s storage too', { groups: [g({ storage: ['hv02'] })] }, 'groups[0].storage[0]: hv02 is both a host and a storage target of group g'],
    ['an operator twice', { operators: ['alice', 'ALICE'], groups: [g({})] }, 'operators[1]: operator "ALICE" is listed twice (also as "alice")'],
    ['one IPv6 network in two spellings', { migration: { networks: ['fd00::/64', 'FD00:0:0::/64'] }, groups: [g({})] }, 'migration.networks[1]: network "FD00:0:0::/64" is listed twice (also as "fd00::/64")'],
    ['one address in two spellings', { migration: { networks: ['fd00::1', 'fd00:0::0:1'] }, groups: [g({})] }, 'migration.networks[1]: network "fd00:0::0:1" is listed twice (also as "fd00::1")'],
    ['a group name twice', { groups: [g({}), g({ name: 'G' })] }, 'groups[1].name: group "G" is defined twice'],
  ])('refuses %s', (_what, doc, message) => {
    expect(refusal(doc)).toMatch(`kcdmesh.yaml: ${message}`);
  });

  it('keeps networks that differ in address or prefix length', () => {
    const list = ['fd00::/64', 'fd00::/48', 'fd00::1/64', '10.0.0.0/24', '10.0.0.0/16', '10.0.0.1'];
    expect(parseBaseline({ groups: [g({})], migration: { networks: list } }, 'kcdmesh.yaml').migration!.networks).toEqual(list);
  });

  it('lets a host be in two groups (two meshes that share it)', () => {
    expect(parseBaseline({ groups: [g({}), g({ name: 'h', hosts: ['HV01', 'HV03'] })] }, 'kcdmesh.yaml').groups).toHaveLength(2);
  });
});

describe('names and paths in a config are checked as on the command line', () => {
  const g = (hosts: string[], storage: string[] = []) => ({ groups: [{ name: 'g', hosts, storage }] });
  it.each<[string, unknown, string]>([
    ['a host name of 16 characters', g(['HV01', 'ABCDEFGHIJKLMNOP']), 'groups[0].hosts[1]: invalid host name "ABCDEFGHIJKLMNOP"'],
    ['a host name with a filter character', g(['HV01', 'HV*']), 'groups[0].hosts[1]: invalid host name "HV*"'],
    ['an FQDN with a label of 64', g(['HV01', `${'a'.repeat(64)}.lab.test`]), 'groups[0].hosts[1]: invalid host name'],
    ['an FQDN of 300 characters', g(['HV01', `${'a.'.repeat(149)}ab`]), 'groups[0].hosts[1]: invalid host name'],
    ['a storage name with a space', g(['HV01', 'HV02'], ['FS 01']), 'groups[0].storage[0]: invalid host name "FS 01"'],
    ['an empty caFile', { connection: { caFile: '' }, ...g(['HV01', 'HV02']) }, 'connection.caFile: empty: give a path, or leave the key out'],
    ['an empty url', { connection: { url: ' ' }, ...g(['HV01', 'HV02']) }, 'connection.url: empty: give a URL, or leave the key out'],
  ])('refuses %s', (_what, doc, message) => {
    expect(refusal(doc)).toMatch(`kcdmesh.yaml: ${message}`);
  });
});

describe('migration: and operators:', () => {
  const base = { groups: [{ name: 'g', hosts: ['HV01', 'HV02'] }] };
  it('defaults to Compression, 2 moves, no networks, and no operators; knows whether a mode was given', () => {
    const b = parseBaseline({ ...base, migration: {} }, 'kcdmesh.yaml');
    expect([b.migration, b.operators, b.modeGiven]).toEqual([{ networks: [], performance: 'Compression', maxMigrations: 2 }, [], false]);
    expect(parseBaseline({ ...base, mode: 'kerberos-only' }, 'kcdmesh.yaml').modeGiven).toBe(true);
    expect(parseBaseline({ groups: [{ name: 'g', hosts: ['HV01'], mode: 'any-protocol' }] }, 'kcdmesh.yaml').modeGiven).toBe(true);
  });

  it('takes subnets, an option and a count', () => {
    const b = parseBaseline({ ...base, operators: ['alice', 'LAB\\bob'], migration: { networks: ['10.0.0.0/24', '192.168.1.5', 'fd00::/64'], performance: 'SMB', maxMigrations: 8 } }, 'x.yaml');
    expect([b.migration, b.operators]).toEqual([{ networks: ['10.0.0.0/24', '192.168.1.5', 'fd00::/64'], performance: 'SMB', maxMigrations: 8 }, ['alice', 'LAB\\bob']]);
  });

  it.each<[unknown, string]>([
    [{ networks: ['10.0.0.0/33'] }, 'migration.networks[0]: expected a subnet such as 192.168.10.0/24 or fd00:10::/64: the prefix length after "/" is a whole number from 0 to 32'],
    [{ networks: ['300.1.1.1/24'] }, 'migration.networks[0]: expected a subnet such as 192.168.10.0/24 or fd00:10::/64: not an IPv4 address'],
    [{ networks: ['lan'] }, 'migration.networks[0]: expected a subnet such as 192.168.10.0/24 or fd00:10::/64: not an IPv4 address'],
    [{ networks: ['10.0.0.0/24', '10.0.0.0/24'] }, 'migration.networks[1]: network "10.0.0.0/24" is listed twice (also as "10.0.0.0/24")'],
    [{ maxMigrations: 0 }, 'migration.maxMigrations: Too small: expected number to be >=1'],
    [{ maxMigrations: 65 }, 'migration.maxMigrations: Too big: expected number to be <=64'],
    [{ maxMigrations: 2.5 }, 'migration.maxMigrations: Invalid input: expected int, received number'],
    [{ performance: 'RDMA' }, 'migration.performance: Invalid option: expected one of "Compression"|"SMB"|"TCPIP"'],
    [{ network: [] }, 'migration: unknown key "network"'],
  ])('refuses %j', (migration, message) => {
    expect(refusal({ ...base, migration })).toBe(`kcdmesh.yaml: ${message}`);
  });
});
