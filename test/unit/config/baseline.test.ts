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
    [{ networks: ['10.0.0.0/33'] }, 'migration.networks[0]: expected a subnet such as 192.168.10.0/24 or fd00:10::/64'],
    [{ networks: ['300.1.1.1/24'] }, 'migration.networks[0]: expected a subnet such as 192.168.10.0/24 or fd00:10::/64'],
    [{ networks: ['lan'] }, 'migration.networks[0]: expected a subnet such as 192.168.10.0/24 or fd00:10::/64'],
    [{ maxMigrations: 0 }, 'migration.maxMigrations: Too small: expected number to be >=1'],
    [{ maxMigrations: 65 }, 'migration.maxMigrations: Too big: expected number to be <=64'],
    [{ maxMigrations: 2.5 }, 'migration.maxMigrations: Invalid input: expected int, received number'],
    [{ performance: 'RDMA' }, 'migration.performance: Invalid option: expected one of "Compression"|"SMB"|"TCPIP"'],
    [{ network: [] }, 'migration: unknown key "network"'],
  ])('refuses %j', (migration, message) => {
    expect(refusal({ ...base, migration })).toBe(`kcdmesh.yaml: ${message}`);
  });
});
