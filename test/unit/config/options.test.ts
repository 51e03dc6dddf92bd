import { describe, expect, it } from '@jest/globals';
import { InvalidArgumentError } from 'commander';
import { intIn, parseMode, parseServices } from '../../../src/config/options.js';
import { MIGRATION } from '../builders.js';

describe('parseServices', () => {
  it.each([
    ['cifs', ['cifs']],
    [`cifs,${MIGRATION}`, ['cifs', MIGRATION]],
    [` cifs , ${MIGRATION} ,Hyper-V Replica Service`, ['cifs', MIGRATION, 'Hyper-V Replica Service']],
  ])('reads %j', (value, services) => {
    expect(parseServices(value)).toEqual(services);
  });

  it('refuses a service given twice, in any spelling: service classes compare without regard to case', () => {
    expect(() => parseServices(`cifs,${MIGRATION},CIFS`)).toThrow('service "CIFS" is listed twice (also as "cifs"); list each service once.');
    expect(() => parseServices(`${MIGRATION},microsoft virtual system migration service`)).toThrow(InvalidArgumentError);
  });

  it.each([
    ['a full SPN', 'cifs/HV01', '"cifs/HV01" is not a service class'],
    ['an SPN among services', `${MIGRATION},cifs/hv01.lab.test`, 'give "cifs", not "cifs/HV01"'],
    ['a wildcard', '*', 'is not a service class'],
    ['a backslash', 'LAB\\cifs', 'is not a service class'],
    ['parentheses', 'cifs)(x', 'is not a service class'],
    ['an empty list', '', 'empty service name'],
    ['an empty entry', 'cifs,,http', 'empty service name'],
    ['a blank entry', 'cifs, ', 'empty service name'],
  ])('refuses %s (%j)', (_label, value, message) => {
    expect(() => parseServices(value)).toThrow(InvalidArgumentError);
    expect(() => parseServices(value)).toThrow(message);
  });
});

describe('parseMode', () => {
  it.each(['kerberos-only', 'any-protocol'])('accepts %j', (mode) => {
    expect(parseMode(mode)).toBe(mode);
  });

  it.each(['', 'Any-Protocol', 'kerberos', 'unconstrained', ' any-protocol'])('refuses %j, listing the modes', (value) => {
    expect(() => parseMode(value)).toThrow(InvalidArgumentError);
    expect(() => parseMode(value)).toThrow('expected one of kerberos-only, any-protocol.');
  });
});

describe('intIn', () => {
  const maxValues = intIn(2, 3000);

  it.each([
    ['2', 2],
    ['1200', 1200],
    ['3000', 3000],
    [' 800 ', 800],
  ])('accepts %j as %i', (value, n) => {
    expect(maxValues(value)).toBe(n);
  });

  it.each(['1', '3001', '0', '-5', '1.5', '1e3', '0x10', '', 'many', '12abc'])('refuses %j', (value) => {
    expect(() => maxValues(value)).toThrow(InvalidArgumentError);
    expect(() => maxValues(value)).toThrow('expected a whole number from 2 to 3000.');
  });
});
