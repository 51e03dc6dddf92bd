import { describe, expect, it } from '@jest/globals';
import type { RunEffect } from '../../../src/core/rollback.js';
import type { HostPlan, Plan } from '../../../src/core/types.js';
import { describeUacChange } from '../../../src/core/uac-words.js';
import { sealOf, sealProblem, keyProblem } from '../../../src/core/backup-seal.js';
import { crossCheck, type LoggedChange } from '../../../src/core/cross-check.js';
import type { IntentState } from '../../../src/core/intent-record.js';
import { rollbackPlanProblems, type DirectoryFacts } from '../../../src/core/rollback-guard.js';

const BASE = 'DC=lab,DC=test';
const dn = (n: string, base = BASE): string => `CN=${n},CN=Computers,${base}`;
const MIG = 'Microsoft Virtual System Migration Service';
const SERVICES = ['cifs', MIG];
const facts = (over: Partial<DirectoryFacts> = {}): DirectoryFacts => ({
  baseDn: BASE,
  uacByDn: new Map([[dn('HV1').toLowerCase(), 0x1000], [dn('HV2').toLowerCase(), 0x1000], [dn('DC1').toLowerCase(), 0x82000]]),
  dcNames: new Set(['dc1', 'dc1.lab.test']),
  ...over,
});
const effect = (n: string, added: string[], removed: string[] = [], uac: RunEffect['uac'] = null): RunEffect => ({ dn: dn(n), name: n, added, removed, uac });
const hostPlan = (n: string, over: Partial<HostPlan>): HostPlan => ({ host: n, dn: dn(n), current: [], add: [], planned: [], remove: [], unmanaged: [], uac: null, ...over });
const plan = (...hosts: HostPlan[]): Plan => ({ mode: 'kerberos-only', services: SERVICES, hosts, edges: [], pairCount: 0, warnings: [] });
const rules = { services: SERVICES, maxValues: 1200 };

describe('rollbackPlanProblems', () => {
  it('lets a genuine rollback through: remove what the run added, put back what it removed, clear protocol transition it set', () => {
    const e = [effect('HV1', ['cifs/HV2', 'cifs/hv2.lab.test'], ['cifs/OLD'], { from: 0x1000, to: 0x1001000 })];
    const p = plan(hostPlan('HV1', { current: ['cifs/HV2', 'cifs/hv2.lab.test'], add: ['cifs/OLD'], remove: ['cifs/HV2', 'cifs/hv2.lab.test'], uac: { from: 0x1000, to: 0x1000 | 0 } }));
    p.hosts[0].uac = null;
    expect(rollbackPlanProblems(p, e, facts(), rules)).toEqual([]);
    const withUac = plan(hostPlan('HV1', { uac: { from: 0x1000, to: 0x1000000 | 0x1000 } }));
    expect(rollbackPlanProblems(withUac, e, facts(), rules)).toEqual([]);
  });

  it('refuses the forged backup of the issue: DC values, a DC host, ACCOUNTDISABLE, unconstrained', () => {
    const e = [effect('HV1', [], ['ldap/DC1.lab.test', 'cifs/DC1.lab.test']), effect('DC1', [], ['cifs/HV1']), effect('HV2', [], [], { from: 0x1002, to: 0x1000 })];
    const p = plan(
      hostPlan('HV1', { add: ['ldap/DC1.lab.test', 'cifs/DC1.lab.test'], uac: { from: 0x1000, to: 0x1081000 } }),
      hostPlan('DC1', { add: ['cifs/HV1'] }),
      hostPlan('HV2', { uac: { from: 0x1000, to: 0x1002 } }),
    );
    expect(rollbackPlanProblems(p, e, facts(), rules)).toEqual([
      'HV1: cannot put back "ldap/DC1.lab.test" is not a value of the managed services',
      'HV1: cannot put back "cifs/DC1.lab.test" delegates to a domain controller',
      'HV1: would set TRUSTED_FOR_DELEGATION (unconstrained); rollback changes only TRUSTED_TO_AUTH_FOR_DELEGATION',
      'DC1: is a domain controller',
      'DC1: is a domain controller',
      'HV2: would set ACCOUNTDISABLE; rollback changes only TRUSTED_TO_AUTH_FOR_DELEGATION',
    ]);
  });

  it('asks the directory, not the backup, who is a domain controller', () => {
    const e = [effect('HV2', ['cifs/HV1'])];
    const p = plan(hostPlan('HV2', { current: ['cifs/HV1'], remove: ['cifs/HV1'] }));
    expect(rollbackPlanProblems(p, e, facts({ uacByDn: new Map([[dn('HV2').toLowerCase(), 0x4001000]]) }), rules)).toEqual(['HV2: is a domain controller']);
  });

  it('refuses other domains, hosts the run did not change, values it did not add or remove, bad values, the budget', () => {
    const other = dn('HV9', 'DC=evil,DC=test');
    const e = [effect('HV1', ['cifs/HV2'], ['cifs/HV3']), { ...effect('HV9', [], ['cifs/HV1']), dn: other }];
    const p = plan(
      hostPlan('HV1', { current: ['cifs/HV2', 'cifs/FOREIGN', 'x', 'y'], add: ['cifs/HV4', 'cifs/HV3\r', 'cifs/h v', 'cifs/HV3/lab', 'cifs/HV3'], remove: ['cifs/FOREIGN'] }),
      { ...hostPlan('HV9', { add: ['cifs/HV1'] }), dn: other },
      hostPlan('HV2', { add: ['cifs/HV1'] }),
    );
    expect(rollbackPlanProblems(p, e, facts(), { services: SERVICES, maxValues: 5 })).toEqual([
      'HV1: "cifs/HV4" was not removed by that run',
      'HV1: cannot put back "cifs/HV3\\r" is not a service/host value',
      'HV1: cannot put back "cifs/h v" has an invalid host part',
      'HV1: cannot put back "cifs/HV3/lab" has a third part; kcdmesh never writes such values',
      'HV1: "cifs/FOREIGN" was not added by that run',
      'HV1: would hold 8 delegation values, over the limit of 5',
      'HV9: in domain evil.test, not lab.test',
      'HV9: not found in the directory',
      'HV2: not a host that run changed',
    ]);
  });

  it('refuses invalid services named by the backup', () => {
    expect(rollbackPlanProblems(plan(), [], facts(), { services: ['cifs\nldap'], maxValues: 10 })).toEqual(['the backup names invalid services "cifs\\nldap"']);
  });
});

describe('describeUacChange', () => {
  it('names every bit that changes', () => {
    expect(describeUacChange(0x1000, 0x1002)).toBe('set ACCOUNTDISABLE');
    expect(describeUacChange(0x1081000, 0x1000)).toBe('clear TRUSTED_FOR_DELEGATION (unconstrained); clear TRUSTED_TO_AUTH_FOR_DELEGATION (protocol transition)');
    expect(describeUacChange(0, 0x80000000)).toBe('set bit 0x80000000');
    expect(describeUacChange(5, 5)).toBe('no change');
  });
});

describe('backup seal', () => {
  const key = Buffer.alloc(32, 7);
  const body = '{"kind":"kcdmesh-backup"}';
  it('accepts a sealed backup with its key and an unsealed one without a key', () => {
    expect(sealProblem(body, { hmacSha256: sealOf(body, key) }, key)).toBeNull();
    expect(sealProblem(body, { sha256: 'x' }, null)).toBeNull();
  });
  it('refuses an edit, another key, a stripped seal, and a sealed backup without a key', () => {
    expect(sealProblem(body.replace('backup', 'backuq'), { hmacSha256: sealOf(body, key) }, key)).toMatch(/does not match/);
    expect(sealProblem(body, { hmacSha256: sealOf(body, Buffer.alloc(32, 8)) }, key)).toMatch(/does not match/);
    expect(sealProblem(body, { sha256: 'x' }, key)).toMatch(/carries no seal/);
    expect(sealProblem(body, { hmacSha256: 'zz' }, key)).toMatch(/carries no seal/);
    expect(sealProblem(body, { hmacSha256: sealOf(body, key) }, null)).toMatch(/no key was given/);
  });
  it('refuses a short key or one others can read', () => {
    expect(keyProblem(Buffer.alloc(16), 0o100600)).toMatch(/16 bytes; a key needs at least 32/);
    expect(keyProblem(key, 0o100644)).toMatch(/other users can read it \(mode 644\)/);
    expect(keyProblem(key, 0o100600)).toBeNull();
    expect(keyProblem(key, null)).toBeNull();
  });
});

describe('crossCheck', () => {
  const h1 = hostPlan('HV1', { add: ['cifs/HV2'], uac: { from: 0x1000, to: 0x1001000 } });
  const backup = { name: 'b.json', baseDn: BASE, hosts: [h1] };
  const intent = (add: string[], outcome: 'written' | 'not-written' = 'written', name = 'b.json'): IntentState => ({
    header: { type: 'run', kind: 'kcdmesh-intent', formatVersion: 1, backup: name, command: 'apply', dc: 'x', baseDn: BASE, createdAt: 't' },
    hosts: [{ intent: { dn: dn('HV1'), host: 'HV1', add, remove: [], uac: { from: 0x1000, to: 0x1001000 } }, outcome }],
    problems: [],
  });
  const logged = (over: Partial<LoggedChange> = {}): LoggedChange => ({ dn: dn('HV1'), added: ['CIFS/hv2'], removed: [], uacBefore: 0x1000, uacAfter: 0x1001000, result: 'ok', backup: 'b.json', ...over });
  it('agrees when all three records say the same', () => {
    expect(crossCheck(backup, intent(['cifs/HV2']), [logged(), logged({ backup: 'other.json', dn: 'CN=X' })])).toEqual([]);
    expect(crossCheck(backup, null, [])).toEqual([]);
    // Never sent: logged as failed, with no intent on record.
    const h2 = hostPlan('HV2', { add: ['cifs/HV1'] });
    expect(crossCheck({ ...backup, hosts: [h1, h2] }, intent(['cifs/HV2']), [logged(), logged({ dn: dn('HV2'), added: ['cifs/HV1'], uacBefore: null, uacAfter: null, result: 'failed' })])).toEqual([]);
  });
  it('names each disagreement', () => {
    expect(crossCheck(backup, intent(['ldap/DC1']), [logged({ added: ['cifs/HV3'] })])).toEqual([
      'the write-ahead record and the backup disagree about HV1',
      'the change log and the backup disagree about HV1',
    ]);
    expect(crossCheck(backup, intent(['cifs/HV2'], 'not-written', 'c.json'), [logged(), logged({ dn: dn('HV7') })])).toEqual([
      'the write-ahead record belongs to c.json, not b.json',
      'HV1: the change log says written, the write-ahead record says not written',
      `the change log names ${dn('HV7')}, which the backup's plan does not change`,
      `the change log records a modify of ${dn('HV7')} with no intent before it`,
    ]);
  });
});
