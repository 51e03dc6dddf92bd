import { describe, expect, it } from '@jest/globals';
import type { HostPlan, HostRecord } from '../../../src/core/types.js';
import { nextPoll, pendingOnDc, waitSummary, type DcWaitState } from '../../../src/core/wait.js';

const dnOf = (n: string): string => `CN=${n},OU=Hyper-V,DC=lab,DC=test`;
const plan = (host: string, add: string[], remove: string[] = [], uac: HostPlan['uac'] = null): HostPlan => ({ host, dn: dnOf(host), current: [], add, remove, unmanaged: [], uac, planned: [] });
const seen = (name: string, delegateTo: string[], uac = 0x1000): HostRecord => ({ dn: dnOf(name).toUpperCase(), name, fqdn: null, userAccountControl: uac, delegateTo, servicePrincipalNames: [] });

describe('pendingOnDc', () => {
  const written = [plan('HV01', ['cifs/HV02', 'cifs/hv02.lab.test'], ['cifs/OLD'], { from: 0x1001000, to: 0x1000 })];

  it('is empty when the DC holds the adds, not the removes, and the written flags; foreign values do not matter', () => {
    expect(pendingOnDc(written, [seen('HV01', ['CIFS/hv02', 'cifs/hv02.lab.test', 'http/web01'])])).toEqual([]);
  });

  it('names each added value missing, removed value still there, and other flags', () => {
    expect(pendingOnDc(written, [seen('HV01', ['cifs/HV02', 'cifs/OLD'], 0x1001000)])).toEqual([
      'HV01: cifs/hv02.lab.test missing',
      'HV01: cifs/OLD still present',
      'HV01: userAccountControl 0x1001000, not 0x1000',
    ]);
  });

  it('names a host the DC does not have yet', () => {
    expect(pendingOnDc(written, [])).toEqual(['HV01: not found']);
  });
});

const st = (dc: string, status: DcWaitState['status']): DcWaitState => ({ dc, status, detail: status === 'in-step' ? [] : ['x'] });

describe('nextPoll', () => {
  it('is done as soon as every DC holds the change, even at the deadline', () => {
    expect(nextPoll([st('dc1', 'in-step'), st('dc2', 'in-step')], 10_000, 5_000, 2_000)).toEqual({ kind: 'done' });
  });

  it('waits the interval while time is left, never past the deadline', () => {
    expect(nextPoll([st('dc1', 'in-step'), st('dc2', 'behind')], 1_000, 10_000, 2_000)).toEqual({ kind: 'wait', ms: 2_000 });
    expect(nextPoll([st('dc2', 'unreachable')], 9_500, 10_000, 2_000)).toEqual({ kind: 'wait', ms: 500 });
  });

  it('times out at the deadline when a DC is behind or unreachable', () => {
    expect(nextPoll([st('dc1', 'in-step'), st('dc2', 'behind')], 10_000, 10_000, 2_000)).toEqual({ kind: 'timeout' });
    expect(nextPoll([st('dc3', 'unreachable')], 12_000, 10_000, 2_000)).toEqual({ kind: 'timeout' });
  });
});

describe('waitSummary', () => {
  it('says all agree, or names the DCs behind and those not reached', () => {
    expect(waitSummary([st('dc1', 'in-step'), st('dc2', 'in-step')], 3.21)).toBe('replication: all 2 writable DCs hold the change (3.2 s)');
    expect(waitSummary([st('dc1', 'in-step'), st('dc2', 'behind'), st('dc3', 'unreachable')], 30)).toBe(
      'replication: not every writable DC holds the change after 30.0 s; still behind: dc2; not reached: dc3',
    );
  });
});
