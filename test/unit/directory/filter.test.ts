import { describe, expect, it } from '@jest/globals';
import { parseHostNames, type HostName } from '../../../src/core/names.js';
import { discoveryFilter, hostFilters } from '../../../src/directory/filter.js';

describe('hostFilters', () => {
  it('matches short names on sAMAccountName (with $) and FQDNs on dNSHostName', () => {
    expect(hostFilters(parseHostNames(['HV01', 'hv02.lab.test', 'HV03$']))).toEqual([
      '(&(objectClass=computer)(|(sAMAccountName=hv01$)(dNSHostName=hv02.lab.test)(sAMAccountName=hv03$)))',
    ]);
  });

  // parseHostName refuses these; the filter must still be safe if a name ever reaches it unchecked.
  it.each([
    [{ input: 'x', kind: 'short', key: '*' }, '(sAMAccountName=\\2a$)'],
    [{ input: 'x', kind: 'short', key: 'hv01)(objectClass=*' }, '(sAMAccountName=hv01\\29\\28objectClass=\\2a$)'],
    [{ input: 'x', kind: 'fqdn', key: 'a\\b\u0000.lab.test' }, '(dNSHostName=a\\5cb\\00.lab.test)'],
  ] as Array<[HostName, string]>)('escapes the value of %j', (name, clause) => {
    expect(hostFilters([name])).toEqual([`(&(objectClass=computer)(|${clause}))`]);
  });

  it.each([
    [5, 2, 3],
    [4, 2, 2],
    [1, 100, 1],
    [250, 100, 3],
  ])('splits %i names into filters of at most %i names: %i filters', (count, perFilter, filters) => {
    const names = parseHostNames(Array.from({ length: count }, (_, i) => `HV${i + 1}`));
    const out = hostFilters(names, perFilter);
    expect(out).toHaveLength(filters);
    const clauses = out.map((f) => f.match(/\(sAMAccountName=[^)]*\)/g) ?? []);
    expect(clauses.every((c) => c.length <= perFilter)).toBe(true);
    expect(clauses.flat()).toEqual(names.map((n) => `(sAMAccountName=${n.key}$)`));
  });

  it('gives no filter for no names', () => {
    expect(hostFilters([])).toEqual([]);
  });
});

describe('discoveryFilter', () => {
  it('finds computers that register the migration service under any name', () => {
    expect(discoveryFilter()).toBe('(&(objectClass=computer)(servicePrincipalName=Microsoft Virtual System Migration Service/*))');
  });
});

describe('sidFilter', () => {
  it('writes the domain SID plus a RID in its string form', async () => {
    const { sidFilter } = await import('../../../src/directory/filter.js');
    const sid = Buffer.from('010500000000000515000000' + '4c0dbc57' + '23ab1b28' + '79791c8d' + '0d020000', 'hex');
    expect(sidFilter(sid)).toBe('(objectSid=S-1-5-21-1471941964-672901923-2367453561-525)');
  });
});
