import { describe, expect, it } from '@jest/globals';
import { isServiceClass, isSpnHostPart, serviceClassProblem } from '../../../src/core/service-name.js';
import { escapeForDisplay, escapeUsageText, hasUnsafeCharacters } from '../../../src/core/escape.js';

describe('service classes', () => {
  it.each(['cifs', 'HOST', 'ldap', 'MSSQLSvc', 'Microsoft Virtual System Migration Service', 'Microsoft Virtual Console Service', 'exchange-rfr', 'x1'])('accepts %j', (s) => {
    expect(serviceClassProblem(s)).toBeNull();
  });

  it.each([
    ['cifs\nldap', /control character/],
    ['cifs\rldap', /control character/],
    ['cifs\u001b[2J', /control character/],
    ['cifs\u0085', /control character/],
    ['cifs/HV01', /"\/"/],
    [' cifs', /leading, trailing or double spaces/],
    ['cifs ', /leading, trailing or double spaces/],
    ['Microsoft  Virtual', /double spaces/],
    ['cifs*', /only letters, digits/],
    ['ci(fs)', /only letters, digits/],
    ['-cifs', /only letters, digits/],
    ['cifs\\x', /only letters, digits/],
    ['ciƒs', /only letters, digits/],
    ['cifs\u200bx', /only letters, digits/],
    ['', /empty/],
    ['a'.repeat(65), /longer than 64/],
  ])('refuses %j', (s, why) => {
    expect(serviceClassProblem(s)).toMatch(why);
    expect(isServiceClass(s)).toBe(false);
  });
});

describe('host parts of values', () => {
  it.each(['HV01', 'hv01.lab.test', 'hv01.lab.test.', 'a-b.c'])('accepts %j', (s) => expect(isSpnHostPart(s)).toBe(true));
  it.each(['hv01\u001b[31m.lab.test', 'hv01\r.lab.test', 'hv 01', 'hv01/x', '', '.lab', 'a..b', '-a', 'hv01.lab.test\n'])('refuses %j', (s) => expect(isSpnHostPart(s)).toBe(false));
});

describe('escapeForDisplay', () => {
  it('shows control, bidi and invisible characters as escapes, and keeps ordinary text', () => {
    expect(escapeForDisplay('hv01\u001b[2J\r\nx\ty\u0007')).toBe('hv01\\x1b[2J\\r\\nx\\ty\\x07');
    expect(escapeForDisplay('a\u202eb\u200bc\u0085d\u007f')).toBe('a\\u202eb\\u200bc\\x85d\\x7f');
    expect(escapeForDisplay('LAB\\admin café Microsoft Virtual System Migration Service/hv01.lab.test')).toBe('LAB\\admin café Microsoft Virtual System Migration Service/hv01.lab.test');
  });
  it('says whether text needs escaping, every time it is asked', () => {
    expect(hasUnsafeCharacters('ok')).toBe(false);
    expect(hasUnsafeCharacters('a\rb')).toBe(true);
    expect(hasUnsafeCharacters('a\rb')).toBe(true);
  });
});

describe('escapeUsageText', () => {
  it('makes a commander error one line, and keeps usage text in lines', () => {
    expect(escapeUsageText("error: argument 'cifs\nldap\u001b' is invalid.\n")).toBe("error: argument 'cifs\\nldap\\x1b' is invalid.\n");
    expect(escapeUsageText('Usage: kcdmesh\n\nOptions:\u0007\n')).toBe('Usage: kcdmesh\n\nOptions:\\x07\n');
  });
});
