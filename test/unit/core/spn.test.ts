import { describe, expect, it } from '@jest/globals';
import { spnKey } from '../../../src/core/keys.js';
import { parseSpn, parseSpnMappings, peerValues, servingClasses, spnHostPart } from '../../../src/core/spn.js';
import { MIGRATION } from '../builders.js';

describe('spnKey', () => {
  it.each([
    ['CIFS/HV02.LAB.TEST', 'cifs/hv02.lab.test'],
    ['cifs/hv02.lab.test', 'cifs/hv02.lab.test'],
    ['  cifs/HV02 ', 'cifs/hv02'],
    [`${MIGRATION.toUpperCase()}/HV02\t`, `${MIGRATION.toLowerCase()}/hv02`],
  ])('%j has key %j', (value, key) => {
    expect(spnKey(value)).toBe(key);
  });

  it('gives two spellings of one value the same key, and different values different keys', () => {
    expect(spnKey('CIFS/HV02')).toBe(spnKey('cifs/hv02 '));
    expect(spnKey('cifs/HV02')).not.toBe(spnKey('cifs/HV03'));
  });
});

describe('parseSpn', () => {
  it.each([
    ['cifs/HV02', { service: 'cifs', host: 'HV02', rest: null }],
    [' CIFS/hv02.lab.test ', { service: 'CIFS', host: 'hv02.lab.test', rest: null }],
    [`${MIGRATION}/HV02`, { service: MIGRATION, host: 'HV02', rest: null }],
    ['cifs/dc1.lab.test/lab.test', { service: 'cifs', host: 'dc1.lab.test', rest: 'lab.test' }],
    ['ldap/dc1.lab.test/lab.test/extra', { service: 'ldap', host: 'dc1.lab.test', rest: 'lab.test/extra' }],
    ['MSSQLSvc/sql1.lab.test:1433', { service: 'MSSQLSvc', host: 'sql1.lab.test:1433', rest: null }],
  ])('parses %j', (value, parsed) => {
    expect(parseSpn(value)).toEqual(parsed);
  });

  it.each(['', 'cifs', 'cifs/', '/HV02', '   '])('refuses %j', (value) => {
    expect(parseSpn(value)).toBeNull();
  });
});

describe('spnHostPart', () => {
  it.each(['cifs/HV02', ' CIFS/hv02.lab.test ', 'cifs/dc1.lab.test/lab.test', 'cifs/ HV02 /x', 'MSSQLSvc/sql1.lab.test:1433', '', 'cifs', 'cifs/', '/HV02', '   ', 'cifs//x', ' /x'])('gives parseSpn\'s host part of %j', (value) => {
    expect(spnHostPart(value)).toBe(parseSpn(value)?.host ?? null);
  });
});

describe('peerValues', () => {
  it('gives each service with the short name and the FQDN, services in order', () => {
    expect(peerValues(['cifs', MIGRATION], 'HV02', 'hv02.lab.test')).toEqual([
      'cifs/HV02',
      'cifs/hv02.lab.test',
      `${MIGRATION}/HV02`,
      `${MIGRATION}/hv02.lab.test`,
    ]);
  });

  it('gives nothing for no services', () => {
    expect(peerValues([], 'HV02', 'hv02.lab.test')).toEqual([]);
  });
});

describe('parseSpnMappings', () => {
  it('maps each alias to the class that serves it, case-insensitively and trimmed', () => {
    const map = parseSpnMappings(['HOST=alerter, CIFS ,http']);
    expect(map.get('cifs')).toEqual(['host']);
    expect(map.get('alerter')).toEqual(['host']);
    expect(map.get('http')).toEqual(['host']);
    expect(map.size).toBe(3);
  });

  it('collects every class that serves an alias across lines', () => {
    const map = parseSpnMappings(['host=cifs,http', 'web=http']);
    expect(map.get('http')).toEqual(['host', 'web']);
    expect(map.get('cifs')).toEqual(['host']);
  });

  it.each([
    ['no equals sign', ['host cifs']],
    ['nothing before the equals sign', ['=cifs,http']],
    ['empty aliases', ['host=,  ,']],
    ['no lines', []],
  ])('ignores %s', (_label, lines) => {
    expect(parseSpnMappings(lines).size).toBe(0);
  });
});

describe('servingClasses', () => {
  const mappings = parseSpnMappings(['host=alerter,cifs,http']);

  it.each([
    ['cifs', ['cifs', 'host']],
    ['CIFS', ['cifs', 'host']],
    [MIGRATION, [MIGRATION.toLowerCase()]],
  ])('%j is served by %j', (service, classes) => {
    expect(servingClasses(service, mappings)).toEqual(classes);
  });

  it('is only the service itself without mappings', () => {
    expect(servingClasses('cifs', new Map())).toEqual(['cifs']);
  });
});
