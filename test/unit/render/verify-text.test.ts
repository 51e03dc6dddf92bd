import { describe, expect, it } from '@jest/globals';
import type { HostRecord, Mode } from '../../../src/core/types.js';
import { computeVerdict } from '../../../src/core/verdict.js';
import { PLAIN } from '../../../src/render/style.js';
import { FOREIGN_PER_LINE, renderVerifyText } from '../../../src/render/verify-text.js';
import { MAPPINGS, MIGRATION, configuredMesh, host, policy, valuesFor } from '../builders.js';

const lines = (...ls: string[]): string => `${ls.join('\n')}\n`;
const render = (hosts: HostRecord[], mode: Mode = 'kerberos-only') => renderVerifyText(computeVerdict(hosts, policy({ mode }), MAPPINGS), PLAIN);

const TRADE_OFF =
  '  remote moves started from another machine on Windows Server 2016+ need any-protocol; it is also the more powerful grant (a host can obtain tickets to its peers for any user).';

describe('renderVerifyText', () => {
  it('draws the trust matrix and says the mesh is verified when every pair is complete', () => {
    expect(render(configuredMesh(['HV01', 'HV02', 'HV03'], 0x1001000), 'any-protocol')).toBe(lines(
      'Mode: any-protocol ("Use any authentication protocol")',
      TRADE_OFF,
      'Services: cifs, Microsoft Virtual System Migration Service',
      '',
      'Trust (row delegates to column):',
      '        HV01  HV02  HV03',
      '  HV01  -     ok    ok',
      '  HV02  ok    -     ok',
      '  HV03  ok    ok    -',
      '',
      'Hosts:',
      '  HV01: Trust this computer for delegation to specified services only — Use any authentication protocol',
      '  HV02: Trust this computer for delegation to specified services only — Use any authentication protocol',
      '  HV03: Trust this computer for delegation to specified services only — Use any authentication protocol',
      '',
      'Verified: 3 hosts, 6 directed pairs, every pair trusted both ways (any-protocol).',
    ));
  });

  it('marks partial and missing pairs, lists each missing value, and counts complete pairs', () => {
    const hosts = [
      host('HV01', { values: valuesFor('HV02').slice(0, 2) }),
      host('HV02', { values: [...valuesFor('HV01'), ...valuesFor('HV03')] }),
      host('HV03', { values: valuesFor('HV02') }),
    ];
    expect(render(hosts)).toBe(lines(
      'Mode: kerberos-only ("Use Kerberos only")',
      TRADE_OFF,
      'Services: cifs, Microsoft Virtual System Migration Service',
      '',
      'Trust (row delegates to column):',
      '        HV01  HV02  HV03',
      '  HV01  -     2/4   none',
      '  HV02  ok    -     ok',
      '  HV03  none  ok    -',
      '',
      'Hosts:',
      '  HV01: Trust this computer for delegation to specified services only — Use Kerberos only',
      '  HV02: Trust this computer for delegation to specified services only — Use Kerberos only',
      '  HV03: Trust this computer for delegation to specified services only — Use Kerberos only',
      '',
      `error: HV01 cannot delegate to HV02: missing ${MIGRATION}/HV02, ${MIGRATION}/hv02.lab.test`,
      `error: HV01 cannot delegate to HV03: missing cifs/HV03, cifs/hv03.lab.test, ${MIGRATION}/HV03, ${MIGRATION}/hv03.lab.test`,
      `error: HV03 cannot delegate to HV01: missing cifs/HV01, cifs/hv01.lab.test, ${MIGRATION}/HV01, ${MIGRATION}/hv01.lab.test`,
      '',
      'Findings: 3 (3 errors); 3 of 6 directed pairs work.',
    ));
  });

  it('reports a mode mismatch even when every pair is complete', () => {
    expect(render(configuredMesh(['HV01', 'HV02']), 'any-protocol')).toBe(lines(
      'Mode: any-protocol ("Use any authentication protocol")',
      TRADE_OFF,
      'Services: cifs, Microsoft Virtual System Migration Service',
      '',
      'Trust (row delegates to column):',
      '        HV01  HV02',
      '  HV01  -     ok',
      '  HV02  ok    -',
      '',
      'Hosts:',
      '  HV01: Trust this computer for delegation to specified services only — Use Kerberos only',
      '  HV02: Trust this computer for delegation to specified services only — Use Kerberos only',
      '',
      'error: HV01 is in kerberos-only mode, the mesh wants any-protocol',
      'error: HV02 is in kerberos-only mode, the mesh wants any-protocol',
      '',
      'Findings: 2 (2 errors); 2 of 2 directed pairs work.',
    ));
  });

  it('lists only the incomplete pairs instead of a matrix above 16 hosts', () => {
    const names = Array.from({ length: 17 }, (_, i) => `HV${String(i + 1).padStart(2, '0')}`);
    const mesh = configuredMesh(names);
    mesh[0].delegateTo = mesh[0].delegateTo.filter((v) => v !== 'cifs/HV17');
    const text = render(mesh);
    expect(text).not.toContain('Trust (row delegates to column):');
    expect(text.split('\n').slice(4)).toEqual([
      'error: HV01 cannot delegate to HV17: missing cifs/HV17',
      '',
      'Findings: 1 (1 error); 271 of 272 directed pairs work.',
      '',
    ]);
  });
});

describe('values kcdmesh does not manage, many of one service', () => {
  // Two hosts verified in a mesh of twelve: each holds the values towards the ten not named.
  const others = Array.from({ length: 10 }, (_, i) => `HV${String(i + 3).padStart(2, '0')}`);
  const pair = (): HostRecord[] => configuredMesh(['HV01', 'HV02']).map((h) => ({ ...h, delegateTo: [...h.delegateTo, ...others.flatMap(valuesFor)] }));

  it(`are one line per service from ${FOREIGN_PER_LINE} values on, naming every target; fewer keep a line each`, () => {
    const hosts = pair();
    hosts[0].delegateTo.push('MSSQLSvc/sql01.lab.test:1433');
    const text = render(hosts);
    const targets = (forms: (n: string) => string[]): string => others.flatMap(forms).join(', ');
    expect(text).toContain(lines(
      '  HV01: Trust this computer for delegation to specified services only — Use Kerberos only',
      `    not managed by kcdmesh: 20 values of service cifs, targets ${targets((n) => [n, `${n.toLowerCase()}.lab.test`])}`,
      `    not managed by kcdmesh: 20 values of service ${MIGRATION}, targets ${targets((n) => [n, `${n.toLowerCase()}.lab.test`])}`,
      '    not managed by kcdmesh: MSSQLSvc/sql01.lab.test:1433 (service MSSQLSvc, target sql01.lab.test:1433)',
      '  HV02: Trust this computer for delegation to specified services only — Use Kerberos only',
    ));
  });

  it(`below ${FOREIGN_PER_LINE} of any service, every value has its line, in the order held`, () => {
    const hosts = configuredMesh(['HV01', 'HV02']);
    hosts[0].delegateTo.push('cifs/fs01', 'ldap/x.lab.test', 'cifs/fs02');
    expect(render(hosts)).toContain(lines(
      '    not managed by kcdmesh: cifs/fs01 (service cifs, target fs01)',
      '    not managed by kcdmesh: ldap/x.lab.test (service ldap, target x.lab.test)',
      '    not managed by kcdmesh: cifs/fs02 (service cifs, target fs02)',
    ));
  });

  it('are condensed in the list of a verdict too large for the matrix', () => {
    const names = Array.from({ length: 17 }, (_, i) => `HV${String(i + 1).padStart(2, '0')}`);
    const hosts = configuredMesh(names);
    hosts[0].delegateTo.push(...others.map((n) => `cifs/X${n}`));
    const text = render(hosts);
    expect(text).toContain(`Values kcdmesh does not manage:\n  HV01: 10 values of service cifs, targets ${others.map((n) => `X${n}`).join(', ')}\n`);
  });
});
