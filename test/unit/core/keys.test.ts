import { describe, expect, it } from '@jest/globals';
import { answersTo, dnKey, hostChanges, nameKey, sameDn, serviceKey, spnKey, uniqueBy } from '../../../src/core/keys.js';
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
});
