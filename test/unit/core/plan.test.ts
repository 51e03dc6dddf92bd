import { findingSentence } from '../../../src/render/sentences.js';
import { describe, expect, it } from '@jest/globals';
import { assertWritable, computePlan, countPlan, isEmptyPlan, missingPlanned, planFingerprint } from '../../../src/core/plan.js';
import type { HostRecord, Plan, PlannedValue, Policy } from '../../../src/core/types.js';
import { UsageError } from '../../../src/errors.js';
import { MAPPINGS, MEMBER_UAC, MIGRATION, configuredMesh, host, policy, valuesFor } from '../builders.js';

const names = (n: number): string[] => Array.from({ length: n }, (_, i) => `HV${String(i + 1).padStart(2, '0')}`);
const plan = (hosts: HostRecord[], p: Partial<Policy> = {}): Plan => computePlan(hosts, policy(p), MAPPINGS);
const budget = (pl: Plan) => pl.warnings.filter((w) => w.kind === 'value-budget');

describe('computePlan from scratch', () => {
  it.each([2, 3, 5, 16])('a new mesh of %i hosts adds 4 x (N-1) values to every host and removes none', (n) => {
    const p = plan(names(n).map((name) => host(name)));
    for (const h of p.hosts) {
      expect(h.add).toHaveLength(4 * (n - 1));
      expect(h.remove).toEqual([]);
    }
  });

  it('adds, per peer, cifs and the migration service with the short name and the FQDN', () => {
    const p = plan([host('HV01'), host('HV02'), host('HV03')]);
    expect(p.hosts.map((h) => [h.host, h.dn, h.add])).toEqual([
      ['HV01', 'CN=HV01,CN=Computers,DC=lab,DC=test', [...valuesFor('HV02'), ...valuesFor('HV03')]],
      ['HV02', 'CN=HV02,CN=Computers,DC=lab,DC=test', [...valuesFor('HV01'), ...valuesFor('HV03')]],
      ['HV03', 'CN=HV03,CN=Computers,DC=lab,DC=test', [...valuesFor('HV01'), ...valuesFor('HV02')]],
    ]);
    expect(p).toMatchObject({ mode: 'kerberos-only', services: ['cifs', MIGRATION], warnings: [] });
  });

  it('plans no UAC change for members already in the wanted mode', () => {
    expect(plan([host('HV01'), host('HV02')]).hosts.map((h) => h.uac)).toEqual([null, null]);
  });
});

describe('computePlan against existing values', () => {
  it('matches stored values case-insensitively and trimmed, and adds only what is really missing', () => {
    const stored = ['CIFS/HV02.LAB.TEST', ' cifs/hv02 ', 'MICROSOFT VIRTUAL SYSTEM MIGRATION SERVICE/hv02'];
    const p = plan([host('HV01', { values: stored }), host('HV02', { values: valuesFor('HV01') })]);
    expect(p.hosts[0].add).toEqual([`${MIGRATION}/hv02.lab.test`]);
    expect(p.hosts[0].current).toEqual(stored);
    expect(p.hosts[1].add).toEqual([]);
  });

  it('never removes values it does not manage: other services, three-part values, old peers', () => {
    const foreign = ['cifs/fs01.lab.test', 'MSSQLSvc/sql1.lab.test:1433', 'cifs/dc1.lab.test/lab.test', 'cifs/HV09', `${MIGRATION}/hv09.lab.test`];
    const mesh = configuredMesh(['HV01', 'HV02']);
    mesh[0].delegateTo.push(...foreign);
    const p = plan(mesh);
    expect(p.hosts.map((h) => h.remove)).toEqual([[], []]);
    expect(p.hosts[0].current).toEqual([...valuesFor('HV02'), ...foreign]);
    expect(isEmptyPlan(p)).toBe(true);
  });

  it('is empty on a configured mesh', () => {
    const p = plan(configuredMesh(['HV01', 'HV02', 'HV03']));
    expect(isEmptyPlan(p)).toBe(true);
    expect(countPlan(p)).toEqual({ add: 0, remove: 0, uac: 0, hostsChanged: 0 });
  });

  it.each([
    ['any-protocol', MEMBER_UAC, { from: 0x1000, to: 0x1001000 }],
    ['kerberos-only', 0x1001000, { from: 0x1001000, to: 0x1000 }],
    ['kerberos-only', 0x81000, { from: 0x81000, to: 0x1000 }],
    ['any-protocol', 0x1001000, null],
  ] as const)('in %s mode plans uac %d as %j', (mode, uac, change) => {
    const p = plan(configuredMesh(['HV01', 'HV02'], uac), { mode });
    expect(p.hosts.map((h) => h.uac)).toEqual([change, change]);
    expect(isEmptyPlan(p)).toBe(change === null);
  });
});

describe('value budget', () => {
  // Three hosts want 8 values each; with maxValues 12 the warning starts above 8 (2/3 of 12).
  const withForeign = (count: number): HostRecord =>
    host('HV01', { values: Array.from({ length: count }, (_, i) => `cifs/fs${i}.lab.test`) });

  it.each([
    [0, []],
    [1, [['warning', 'HV01 would hold 9 delegation values, near the limit of 12']]],
    [4, [['warning', 'HV01 would hold 12 delegation values, near the limit of 12']]],
    [5, [['error', 'HV01 would hold 13 delegation values, over the limit of 12']]],
  ])('HV01 holding %i foreign values: %j', (count, expected) => {
    const p = plan([withForeign(count), host('HV02'), host('HV03')], { maxValues: 12 });
    expect(budget(p).map((w) => [w.severity, findingSentence(w)])).toEqual(expected);
  });

  it.each([
    [16, 'none'],
    [202, 'warning'],
    [302, 'error'],
  ])('a new mesh of %i hosts against the default 1200 values: %s', (n, level) => {
    const levels = budget(plan(names(n).map((name) => host(name)))).map((w) => w.severity);
    expect(new Set(levels)).toEqual(new Set(level === 'none' ? [] : [level]));
    expect(levels).toHaveLength(level === 'none' ? 0 : n);
  });

  it('assertWritable refuses a plan over the limit with a UsageError, and lets a warned plan through', () => {
    const over = plan([withForeign(5), host('HV02'), host('HV03')], { maxValues: 12 });
    expect(() => assertWritable(over)).toThrow(UsageError);
    expect(() => assertWritable(over)).toThrow('HV01 would hold 13 delegation values, over the limit of 12');
    const near = plan([withForeign(1), host('HV02'), host('HV03')], { maxValues: 12 });
    expect(() => assertWritable(near)).not.toThrow();
  });
});

describe('planFingerprint', () => {
  const base = (): HostRecord[] => [host('HV01', { values: valuesFor('HV02').slice(0, 2) }), host('HV02'), host('HV03')];
  const fingerprint = (hosts: HostRecord[]) => planFingerprint(plan(hosts));

  it('does not change when someone adds a foreign value', () => {
    const moved = base();
    moved[0].delegateTo.push('cifs/fs01.lab.test');
    expect(fingerprint(moved)).toBe(fingerprint(base()));
  });

  it('does not change with the spelling of a stored value', () => {
    const moved = base();
    moved[0].delegateTo = moved[0].delegateTo.map((v) => v.toUpperCase());
    expect(fingerprint(moved)).toBe(fingerprint(base()));
  });

  it('changes when a host\'s userAccountControl changed', () => {
    const moved = base();
    moved[1].userAccountControl = MEMBER_UAC | 0x1000000;
    expect(fingerprint(moved)).not.toBe(fingerprint(base()));
  });

  it('changes when a planned value was written meanwhile', () => {
    const moved = base();
    moved[2].delegateTo.push('cifs/HV01');
    expect(fingerprint(moved)).not.toBe(fingerprint(base()));
  });
});

describe('countPlan and isEmptyPlan', () => {
  it('counts values, flag changes and changed hosts', () => {
    const hosts = [host('HV01', { values: valuesFor('HV02') }), host('HV02', { values: valuesFor('HV01'), uac: 0x81000 }), host('HV03')];
    const p = plan(hosts);
    expect(countPlan(p)).toEqual({ add: 4 + 4 + 8, remove: 0, uac: 1, hostsChanged: 3 });
    expect(isEmptyPlan(p)).toBe(false);
  });

  it('treats a plan with only a UAC change as not empty', () => {
    const p = plan(configuredMesh(['HV01', 'HV02'], 0x81000));
    expect(countPlan(p)).toEqual({ add: 0, remove: 0, uac: 2, hostsChanged: 2 });
    expect(isEmptyPlan(p)).toBe(false);
  });
});

describe('missingPlanned', () => {
  const v = (spn: string): PlannedValue => ({ peer: 'HV02', service: 'cifs', nameForm: 'short', spn });
  it('leaves out values held in any spelling (case, blanks), keeps the first spelling of a duplicate', () => {
    const wanted = [v('cifs/HV02'), v('cifs/hv03'), v('CIFS/HV03'), v('cifs/HV04'), v('cifs/HV05'), v('http/HV06')];
    expect(missingPlanned(wanted, ['cifs/HV02', ' CIFS/hv04 ', 'cifs/HV05']).map((p) => p.spn)).toEqual(['cifs/hv03', 'http/HV06']);
    expect(missingPlanned(wanted, []).map((p) => p.spn)).toEqual(['cifs/HV02', 'cifs/hv03', 'cifs/HV04', 'cifs/HV05', 'http/HV06']);
    expect(missingPlanned(wanted, wanted.map((p) => p.spn))).toEqual([]);
  });
});

describe('unmanaged values', () => {
  it('are the values held that no edge wants in any spelling, in the order held: none for a mesh kcdmesh wrote', () => {
    expect(plan(configuredMesh(names(4))).hosts.map((h) => h.unmanaged)).toEqual([[], [], [], []]);
    const hosts = configuredMesh(names(3));
    // another spelling of a wanted value, a value twice, a value for itself, someone else's, a service not asked for
    hosts[0].delegateTo.push(' CIFS/hv02 ', 'cifs/HV02', 'cifs/HV01', 'http/web01', `${MIGRATION}/HV03`);
    const p = plan(hosts, { services: ['cifs'] });
    expect(p.hosts[0].unmanaged).toEqual([`${MIGRATION}/HV02`, `${MIGRATION}/${hosts[1].fqdn}`, `${MIGRATION}/HV03`, `${MIGRATION}/${hosts[2].fqdn}`, 'cifs/HV01', 'http/web01', `${MIGRATION}/HV03`]);
    expect(p.hosts[0].add).toEqual([]);
  });

  it('plan a peer without an FQDN once for a host that holds nothing yet, and every other value as it is', () => {
    const hosts = [host('HV01'), host('HV02', { fqdn: null }), host('HV03')];
    const p = plan(hosts);
    expect(p.hosts[0].add).toEqual(['cifs/HV02', `${MIGRATION}/HV02`, ...valuesFor('HV03')]);
    expect(p.hosts[2].add).toEqual([...valuesFor('HV01'), 'cifs/HV02', `${MIGRATION}/HV02`]);
    expect(p.hosts[1].add).toEqual([...valuesFor('HV01'), ...valuesFor('HV03')]);
  });

  it('plan a peer met twice among the hosts once for a host that holds nothing yet', () => {
    const [a, b] = [host('HV01'), host('HV02')];
    const p = plan([a, b, a]);
    expect(p.hosts.map((h) => h.add)).toEqual([valuesFor('HV02'), valuesFor('HV01'), valuesFor('HV02')]);
  });

  it('count a peer without an FQDN once: its two name forms are one spelling', () => {
    const hosts = [host('HV01', { values: ['cifs/HV02', 'cifs/HV02', 'http/web01'] }), host('HV02', { fqdn: null, values: [] })];
    const p = plan(hosts, { services: ['cifs'] });
    expect(p.hosts[0].unmanaged).toEqual(['http/web01']);
    expect(p.hosts[0].add).toEqual([]);
  });
});
