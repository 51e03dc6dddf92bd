import { describe, expect, it } from '@jest/globals';
import { answersTo, dnKey, hostChanges, hostOrder, nameKey, sameDn, serviceKey, spnKey, uniqueBy } from '../../../src/core/keys.js';
import { host } from '../builders.js';

describe('keys', () => {
  it('compare SPNs, services and names case-insensitively and trimmed', () => {
    expect(spnKey(' CIFS/HV01.Lab.Test ')).toBe('cifs/hv01.lab.test');
    expect(serviceKey('Microsoft Virtual System Migration Service')).toBe(serviceKey('microsoft virtual system migration service'));
    expect(nameKey(' HV01 ')).toBe('hv01');
  });

  it('compare DNs case-insensitively, from a string or a record', () => {
    expect(dnKey('CN=HV01,DC=Lab,DC=Test')).toBe('cn=hv01,dc=lab,dc=test');
    expect(sameDn(host('HV01'), { dn: host('HV01').dn.toUpperCase() })).toBe(true);
    expect(sameDn(host('HV01'), host('HV02'))).toBe(false);
  });

  it('match a host by its NetBIOS name or its FQDN', () => {
    expect(answersTo(host('HV01'), 'hv01')).toBe(true);
    expect(answersTo(host('HV01'), 'HV01.LAB.TEST')).toBe(true);
    expect(answersTo(host('HV01'), 'hv02')).toBe(false);
    expect(answersTo(host('HV01', { fqdn: null }), 'hv01.lab.test')).toBe(false);
  });

  it('say whether a plan changes a host', () => {
    expect(hostChanges({ add: [], remove: [], uac: null })).toBe(false);
    expect(hostChanges({ add: ['cifs/HV02'], remove: [], uac: null })).toBe(true);
    expect(hostChanges({ add: [], remove: ['cifs/HV02'], uac: null })).toBe(true);
    expect(hostChanges({ add: [], remove: [], uac: { from: 1, to: 2 } })).toBe(true);
  });

  it('keep one item per key, first position, last spelling', () => {
    expect(uniqueBy(['cifs', 'HTTP', 'CIFS'], serviceKey)).toEqual(['CIFS', 'HTTP']);
  });

  it('order host names as ICU English collation does: case-insensitive, numbers by value', () => {
    expect(['HV10', 'hv2', 'HV01', 'HV1a', 'HV-3', 'hv3.lab.test', 'FS01'].sort(hostOrder)).toEqual(['FS01', 'HV-3', 'HV01', 'HV1a', 'hv2', 'hv3.lab.test', 'HV10']);
    expect(hostOrder('HV01', 'hv1')).toBe(0);
    // Letters and digits are compared without ICU: every pair must agree with the collator it replaces.
    const icu = new Intl.Collator('en', { sensitivity: 'base', numeric: true });
    const mixed = ['HV10', 'hv2', 'HV01', 'HV1a', 'HV-3', 'hv3.lab.test', 'FS01', 'hv_2', 'HV2.x', 'Ä1'];
    expect([...mixed].sort(hostOrder)).toEqual([...mixed].sort(icu.compare));
    const chars = '0123456789aAbByYzZ';
    let seed = 7;
    const next = (n: number): number => ((seed = (seed * 1103515245 + 12345) % 2147483648), seed % n);
    const name = (): string => Array.from({ length: next(9) }, () => chars[next(chars.length)]).join('');
    const disagree: string[][] = [];
    for (let k = 0; k < 20000; k++) {
      const [a, b] = [name(), name()];
      if (Math.sign(hostOrder(a, b)) !== Math.sign(icu.compare(a, b))) disagree.push([a, b]);
    }
    expect(disagree).toEqual([]);
    expect(Math.sign(hostOrder('HV99999999999999999999', 'HV100000000000000000000'))).toBe(-1);
  });

  it('order names with digit runs longer than ICU compares by value as the collator does, so a sort stays consistent', () => {
    // ICU compares at most 254 digits of a run by value and the rest as a further run: 9 x 254 sorts after 1 and 254 zeros.
    const icu = new Intl.Collator('en', { sensitivity: 'base', numeric: true });
    const long = (run: string): string[] => [`HV${run}`, `HV${run}a`, `HV00${run}`, `${run}`];
    const names = [...long('9'.repeat(254)), ...long(`1${'0'.repeat(254)}`), ...long(`2${'0'.repeat(253)}`), ...long('7'.repeat(300)), 'HV9', 'HV-9', `HV${'9'.repeat(254)}-x`];
    const disagree = names.flatMap((a) => names.filter((b) => Math.sign(hostOrder(a, b)) !== Math.sign(icu.compare(a, b))).map((b) => [a.length, b.length]));
    expect(disagree).toEqual([]);
    expect([...names].sort(hostOrder)).toEqual([...names].sort(icu.compare));
  });
});
