import { describe, expect, it } from '@jest/globals';
import { checkMesh, desiredValues, domainOfDn } from '../../../src/core/mesh.js';
import { UsageError } from '../../../src/errors.js';
import { MIGRATION, host, valuesFor } from '../builders.js';

describe('domainOfDn', () => {
  it.each([
    ['CN=HV01,CN=Computers,DC=lab,DC=test', 'lab.test'],
    ['CN=HV01,OU=Hyper-V,DC=Child,DC=LAB,DC=test', 'child.lab.test'],
    ['cn=hv01, ou=hosts, dc=lab, dc=test', 'lab.test'],
    ['CN=Smith\\, John,OU=Hosts,DC=lab,DC=test', 'lab.test'],
    ['CN=HV01,OU=Hyper-V\\, Site A,DC=lab,DC=test', 'lab.test'],
    ['CN=HV01,CN=Computers', ''],
  ])('%j is in %j', (dn, domain) => {
    expect(domainOfDn(dn)).toBe(domain);
  });

  // An escaped comma belongs to the RDN value: the `DC=evil` here is part of the CN, not a domain component.
  it('does not read a DC= inside an escaped RDN value as a domain component', () => {
    expect(domainOfDn('CN=HV01\\,DC=evil,CN=Computers,DC=lab,DC=test')).toBe('lab.test');
  });
});

describe('checkMesh', () => {
  it('accepts two or more member hosts of one domain', () => {
    expect(() => checkMesh([host('HV01'), host('HV02')])).not.toThrow();
    expect(() => checkMesh([host('HV01'), host('HV02', { dn: 'CN=HV02,OU=Hosts,DC=LAB,DC=TEST' }), host('HV03')])).not.toThrow();
  });

  it.each([
    ['no hosts', [], 'no hosts given'],
    ['one host', [host('HV01')], 'a mesh needs at least two hosts, got only HV01'],
    ['a domain controller', [host('HV01'), host('DC1', { uac: 0x2000 | 0x80000 })], 'DC1 is a domain controller (CN=DC1,CN=Computers,DC=lab,DC=test)'],
    ['a read-only domain controller', [host('RODC1', { uac: 0x1000 | 0x4000000 }), host('HV01')], 'RODC1 is a domain controller'],
    ['a host without dNSHostName', [host('HV01'), host('HV02', { fqdn: null })], 'HV02 has no dNSHostName'],
    [
      'hosts of two domains',
      [host('HV01'), host('HV02'), host('HV03', { dn: 'CN=HV03,CN=Computers,DC=child,DC=lab,DC=test' })],
      'hosts are in different domains (HV01 in lab.test, HV03 in child.lab.test)',
    ],
  ])('refuses %s', (_label, hosts, message) => {
    expect(() => checkMesh(hosts)).toThrow(UsageError);
    expect(() => checkMesh(hosts)).toThrow(message);
  });
});

describe('desiredValues', () => {
  const mesh = [host('HV01'), host('HV02'), host('HV03')];

  it.each([
    ['HV01', [...valuesFor('HV02'), ...valuesFor('HV03')]],
    ['HV02', [...valuesFor('HV01'), ...valuesFor('HV03')]],
    ['HV03', [...valuesFor('HV01'), ...valuesFor('HV02')]],
  ])('%s delegates both services to each peer, short name and FQDN, never to itself', (name, values) => {
    expect(desiredValues(mesh.find((h) => h.name === name)!, mesh, ['cifs', MIGRATION])).toEqual(values);
  });

  it('uses the peer\'s own dNSHostName, not one derived from its name', () => {
    const odd = host('HV02', { fqdn: 'hyperv-2.east.lab.test' });
    expect(desiredValues(mesh[0], [mesh[0], odd], ['cifs'])).toEqual(['cifs/HV02', 'cifs/hyperv-2.east.lab.test']);
  });

  it('costs 2 values per service and peer', () => {
    const big = ['HV01', 'HV02', 'HV03', 'HV04', 'HV05'].map((n) => host(n));
    expect(desiredValues(big[0], big, ['cifs', MIGRATION, 'Hyper-V Replica Service'])).toHaveLength(2 * 3 * 4);
  });
});
