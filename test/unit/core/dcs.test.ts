import { describe, expect, it } from '@jest/globals';
import { findDcByName, parseDcChoice, serverOfNtdsSettings } from '../../../src/core/dcs.js';
import type { HostRecord } from '../../../src/core/types.js';

const SITE = 'CN=Servers,CN=Default-First-Site-Name,CN=Sites,CN=Configuration,DC=lab,DC=test';
const dc = (name: string, fqdn: string | null): HostRecord => ({ dn: `CN=${name},OU=Domain Controllers,DC=lab,DC=test`, name, fqdn, userAccountControl: 0x82000, delegateTo: [], servicePrincipalNames: [] });

describe('serverOfNtdsSettings', () => {
  it('maps the fSMORoleOwner (an NTDS Settings object) to its parent, the server object', () => {
    expect(serverOfNtdsSettings(`CN=NTDS Settings,CN=DC1,${SITE}`)).toBe(`CN=DC1,${SITE}`);
    expect(serverOfNtdsSettings(`cn=ntds settings, CN=DC2,${SITE}`)).toBe(`CN=DC2,${SITE}`);
  });

  it('refuses a value that is not an NTDS Settings object, and the role owner of a deleted DC', () => {
    expect(serverOfNtdsSettings(`CN=DC1,${SITE}`)).toBeNull();
    expect(serverOfNtdsSettings('')).toBeNull();
    expect(serverOfNtdsSettings(`CN=NTDS Settings\\0ADEL:5a1e,CN=DC1\\0ADEL:0c7b,CN=LostAndFoundConfig,CN=Configuration,DC=lab,DC=test`)).toBeNull();
  });
});

describe('--dc', () => {
  it('takes pdc in any case, or a name', () => {
    expect(parseDcChoice('PDC')).toEqual({ kind: 'pdc' });
    expect(parseDcChoice(' dc2 ')).toEqual({ kind: 'name', name: 'dc2' });
    expect(parseDcChoice('  ')).toBeNull();
  });

  it('takes a DNS name written absolute, as --domain does, and nothing else with a trailing dot', () => {
    expect(parseDcChoice('dc1.lab.test.')).toEqual({ kind: 'name', name: 'dc1.lab.test' });
    expect(parseDcChoice('dc1.lab.test..')).toBeNull();
    expect(parseDcChoice('.')).toBeNull();
  });

  it('finds a writable DC by its NetBIOS name or its dNSHostName, case-insensitive', () => {
    const dcs = [dc('DC1', 'DC1.lab.test'), dc('DC2', 'dc2.lab.test')];
    expect(findDcByName(dcs, 'dc2')?.name).toBe('DC2');
    expect(findDcByName(dcs, 'DC2$')?.name).toBe('DC2');
    expect(findDcByName(dcs, 'dc1.LAB.test')?.name).toBe('DC1');
    expect(findDcByName(dcs, 'dc3')).toBeNull();
  });
});
