import { describe, expect, it, jest } from '@jest/globals';
import { completeRanges, normaliseEntry, sharedStrings, toHostRecord, type Attrs } from '../../../src/directory/entry.js';
import { MIGRATION } from '../builders.js';

const DN = 'CN=HV01,CN=Computers,DC=lab,DC=test';
const ATTR = 'msds-allowedtodelegateto';
const values = (from: number, to: number): string[] => Array.from({ length: to - from }, (_, i) => `cifs/peer${from + i}.lab.test`);

describe('normaliseEntry', () => {
  it('gives every attribute as a list under its lower-cased name, one value or several', () => {
    const { dn, attrs, ranged } = normaliseEntry({
      dn: DN,
      sAMAccountName: 'HV01$',
      'msDS-AllowedToDelegateTo': 'cifs/HV02',
      servicePrincipalName: ['HOST/HV01', 'HOST/hv01.lab.test'],
      dNSHostName: [],
      description: Buffer.from('Hyper-V host', 'utf8'),
    });
    expect(dn).toBe(DN);
    expect([...attrs]).toEqual([
      ['samaccountname', ['HV01$']],
      [ATTR, ['cifs/HV02']],
      ['serviceprincipalname', ['HOST/HV01', 'HOST/hv01.lab.test']],
      ['dnshostname', []],
      ['description', ['Hyper-V host']],
    ]);
    expect(ranged).toEqual([]);
  });

  it.each([
    ['msDS-AllowedToDelegateTo;range=0-1499', 1500],
    ['msDS-AllowedToDelegateTo;Range=1500-2999', 3000],
    ['msDS-AllowedToDelegateTo;range=3000-*', null],
  ])('reads %j as a ranged part whose next range starts at %j', (key, next) => {
    const { attrs, ranged } = normaliseEntry({ dn: DN, [key]: ['cifs/HV02', 'cifs/HV03'] });
    expect(attrs.get(ATTR)).toEqual(['cifs/HV02', 'cifs/HV03']);
    expect(ranged).toEqual([{ attr: ATTR, next }]);
  });

  it('merges an attribute given twice (a plain part and a ranged part) in order, and decodes bytes among strings', () => {
    const { attrs } = normaliseEntry({ dn: DN, member: ['a', Buffer.from('b', 'utf8')], 'member;range=0-*': ['c'] });
    expect(attrs.get('member')).toEqual(['a', 'b', 'c']);
  });
});

describe('sharedStrings', () => {
  // Which string object a value is cannot be seen from JavaScript (the bench shows the memory it saves):
  // what can, and what a host relies on, is that every host keeps its own values, in its own order.
  it('each host keeps its values and their order', () => {
    const same = sharedStrings();
    const a = toHostRecord(DN, new Map([[ATTR, ['cifs/HV02', 'cifs/hv02']]]), same);
    const b = toHostRecord(DN, new Map([[ATTR, ['cifs/hv02', 'CIFS/HV02', 'cifs/HV02']]]), same);
    expect([a.delegateTo, b.delegateTo]).toEqual([['cifs/HV02', 'cifs/hv02'], ['cifs/hv02', 'CIFS/HV02', 'cifs/HV02']]);
  });

  it('a value equal to the one at its place in the list before, or elsewhere, or new, or repeated, stays itself', () => {
    const same = sharedStrings();
    const fresh = (...v: string[]): string[] => v.map((x) => Buffer.from(x).toString());
    expect(same(fresh('a/1', 'b/1', 'a/2', 'b/2'))).toEqual(['a/1', 'b/1', 'a/2', 'b/2']);
    expect(same(fresh('a/1', 'b/2', 'a/2', 'c/3', 'a/1', 'B/1'))).toEqual(['a/1', 'b/2', 'a/2', 'c/3', 'a/1', 'B/1']);
    expect(same(fresh('c/3', 'b/1'))).toEqual(['c/3', 'b/1']);
    expect(same([])).toEqual([]);
    expect(same(fresh('a/1', 'b/1 ', 'a/2'))).toEqual(['a/1', 'b/1 ', 'a/2']);
  });
});

describe('completeRanges', () => {
  type Fetch = (dn: string, attrSpec: string) => Promise<Record<string, unknown> | undefined>;

  it('fetches the ranges after the first, in order, and merges every value', async () => {
    const first = normaliseEntry({ dn: DN, sAMAccountName: 'HV01$', 'msDS-AllowedToDelegateTo;range=0-1499': values(0, 1500) });
    const fetch = jest.fn<Fetch>()
      .mockResolvedValueOnce({ dn: DN, 'msDS-AllowedToDelegateTo;range=1500-2999': values(1500, 3000) })
      .mockResolvedValueOnce({ dn: DN, 'msDS-AllowedToDelegateTo;range=3000-*': values(3000, 3210) });

    await completeRanges(first.dn, first.attrs, first.ranged, fetch);

    expect(fetch.mock.calls).toEqual([
      [DN, `${ATTR};range=1500-*`],
      [DN, `${ATTR};range=3000-*`],
    ]);
    expect(first.attrs.get(ATTR)).toEqual(values(0, 3210));
    expect(toHostRecord(first.dn, first.attrs).delegateTo).toHaveLength(3210);
  });

  it('fetches nothing when the first part was already the last', async () => {
    const first = normaliseEntry({ dn: DN, 'msDS-AllowedToDelegateTo;range=0-*': values(0, 3) });
    const fetch = jest.fn<Fetch>();
    await completeRanges(first.dn, first.attrs, first.ranged, fetch);
    expect(fetch).not.toHaveBeenCalled();
    expect(first.attrs.get(ATTR)).toEqual(values(0, 3));
  });

  it('stops when the object is gone, keeping the values read so far', async () => {
    const first = normaliseEntry({ dn: DN, 'msDS-AllowedToDelegateTo;range=0-1499': values(0, 1500) });
    const fetch = jest.fn<Fetch>().mockResolvedValue(undefined);
    await completeRanges(first.dn, first.attrs, first.ranged, fetch);
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(first.attrs.get(ATTR)).toEqual(values(0, 1500));
  });
});

describe('toHostRecord', () => {
  const attrs = (entries: Record<string, string[]>): Attrs => new Map(Object.entries(entries));

  it('reads a Hyper-V host', () => {
    expect(
      toHostRecord(DN, attrs({
        samaccountname: ['HV01$'],
        dnshostname: ['hv01.lab.test'],
        useraccountcontrol: ['16781312'],
        [ATTR]: ['cifs/HV02', `${MIGRATION}/hv02.lab.test`],
        serviceprincipalname: [`${MIGRATION}/HV01`],
        operatingsystem: ['Windows Server 2025 Datacenter'],
        operatingsystemversion: ['10.0 (26100)'],
      })),
    ).toEqual({
      dn: DN,
      name: 'HV01',
      fqdn: 'hv01.lab.test',
      userAccountControl: 0x1001000,
      delegateTo: ['cifs/HV02', `${MIGRATION}/hv02.lab.test`],
      servicePrincipalNames: [`${MIGRATION}/HV01`],
      operatingSystem: 'Windows Server 2025 Datacenter',
      operatingSystemVersion: '10.0 (26100)',
    });
  });

  it('gives null, zero and empty lists for attributes the object does not have', () => {
    expect(toHostRecord(DN, attrs({ samaccountname: ['HV01$'], dnshostname: [] }))).toEqual({
      dn: DN,
      name: 'HV01',
      fqdn: null,
      userAccountControl: 0,
      delegateTo: [],
      servicePrincipalNames: [],
      operatingSystem: null,
      operatingSystemVersion: null,
    });
  });

  it('reads a userAccountControl with the top bit set as unsigned', () => {
    expect(toHostRecord(DN, attrs({ samaccountname: ['HV01$'], useraccountcontrol: ['-2147479552'] })).userAccountControl).toBe(0x80001000);
  });
});
