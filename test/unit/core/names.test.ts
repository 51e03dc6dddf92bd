import { describe, expect, it } from '@jest/globals';
import { parseHostName, parseHostNames, resolveHostNames } from '../../../src/core/names.js';
import { UsageError } from '../../../src/errors.js';
import { host } from '../builders.js';

const label63 = 'a'.repeat(63);

describe('parseHostName', () => {
  it.each([
    ['HV01', 'short', 'hv01'],
    ['hv-01', 'short', 'hv-01'],
    ['HV_01', 'short', 'hv_01'],
    ['HV01$', 'short', 'hv01'],
    [' HV01 ', 'short', 'hv01'],
    ['ABCDEFGHIJKLMNO', 'short', 'abcdefghijklmno'],
    ['ABCDEFGHIJKLMNO$', 'short', 'abcdefghijklmno'],
    ['hv01.lab.test', 'fqdn', 'hv01.lab.test'],
    ['HV01.LAB.TEST', 'fqdn', 'hv01.lab.test'],
    ['hv-01.sub-1.lab.test', 'fqdn', 'hv-01.sub-1.lab.test'],
    [`${label63}.${label63}.${label63}.${'a'.repeat(61)}`, 'fqdn', `${label63}.${label63}.${label63}.${'a'.repeat(61)}`],
  ])('accepts %j as a %s name with key %j', (input, kind, key) => {
    expect(parseHostName(input)).toEqual({ input, kind, key });
  });

  it.each([
    ['a wildcard', 'HV*'],
    ['a wildcard FQDN', '*.lab.test'],
    ['an opening parenthesis', 'HV(01'],
    ['a closing parenthesis', 'HV01)'],
    ['a filter injection in an FQDN', 'hv01.lab.test)(cn=*'],
    ['a backslash', 'LAB\\HV01'],
    ['a NUL', 'HV\u000001'],
    ['an inner space', 'HV 01'],
    ['an empty name', ''],
    ['only blanks', '   '],
    ['a short name of 16 characters', 'ABCDEFGHIJKLMNOP'],
    ['a leading hyphen', '-HV01'],
    ['a `$` inside the name', 'HV$01'],
    ['an empty DNS label', 'hv01..lab.test'],
    ['a trailing dot', 'hv01.lab.test.'],
    ['a DNS label of 64 characters', `${'a'.repeat(64)}.lab.test`],
    ['an FQDN of 254 characters', `${label63}.${label63}.${label63}.${'a'.repeat(62)}`],
  ])('refuses %s (%j) with a UsageError', (_label, input) => {
    expect(() => parseHostName(input)).toThrow(UsageError);
  });

  it('names the refused input in the message', () => {
    expect(() => parseHostName('HV*')).toThrow('invalid host name "HV*"');
  });
});

describe('parseHostNames', () => {
  it('keeps every name in order', () => {
    expect(parseHostNames(['HV01', 'hv02.lab.test', 'HV03$']).map((n) => n.input)).toEqual(['HV01', 'hv02.lab.test', 'HV03$']);
  });

  it.each([
    [['HV01', 'HV01']],
    [['HV01', 'hv01']],
    [['HV01', 'HV01$']],
    [['hv01.lab.test', 'HV01.LAB.TEST']],
    [['HV02', 'HV01', ' hv01 ']],
  ])('refuses the same name twice in %j', (inputs) => {
    expect(() => parseHostNames(inputs)).toThrow(/is listed twice/);
  });

  it('says which two inputs collide', () => {
    expect(() => parseHostNames(['HV01', 'hv01$'])).toThrow('host "hv01$" is listed twice (also as "HV01")');
  });

  it('leaves a short name and an FQDN of the same host to resolution', () => {
    expect(parseHostNames(['HV01', 'hv01.lab.test'])).toHaveLength(2);
  });
});

describe('resolveHostNames', () => {
  const found = [host('HV01'), host('HV02'), host('HV03')];
  const resolve = (inputs: string[], hosts = found) => resolveHostNames(parseHostNames(inputs), hosts);

  it('maps short names and FQDNs to their computers, in the order given', () => {
    expect(resolve(['HV03', 'hv01.lab.test', 'hv02$']).map((h) => h.name)).toEqual(['HV03', 'HV01', 'HV02']);
  });

  it('matches short names to sAMAccountName and FQDNs to dNSHostName, case-insensitively', () => {
    const odd = host('HV09', { fqdn: 'Other-Name.LAB.test' });
    expect(resolve(['hv09'], [odd, ...found])).toEqual([odd]);
    expect(resolve(['OTHER-NAME.lab.test'], [odd, ...found])).toEqual([odd]);
    expect(() => resolve(['hv09.lab.test'], [odd, ...found])).toThrow('no computer named "hv09.lab.test"');
  });

  it.each([
    ['a short name', 'HV04', 'no computer named "HV04" in the directory'],
    ['an FQDN', 'hv04.lab.test', 'no computer named "hv04.lab.test" in the directory'],
  ])('refuses an unknown %s', (_label, input, message) => {
    expect(() => resolve([input])).toThrow(message);
  });

  it('refuses an FQDN that two computer objects carry, naming both', () => {
    const twin = host('HV01OLD', { fqdn: 'hv01.lab.test', dn: 'CN=HV01OLD,OU=Stale,DC=lab,DC=test' });
    expect(() => resolve(['hv01.lab.test'], [...found, twin])).toThrow(
      '"hv01.lab.test" is ambiguous: it matches CN=HV01,CN=Computers,DC=lab,DC=test and CN=HV01OLD,OU=Stale,DC=lab,DC=test',
    );
  });

  it('refuses two names for the same computer', () => {
    expect(() => resolve(['HV01', 'HV02', 'HV01.LAB.TEST'])).toThrow('"HV01.LAB.TEST" and "HV01" are the same computer (HV01)');
  });

  it('refuses with a UsageError', () => {
    expect(() => resolve(['HV04'])).toThrow(UsageError);
  });
});
