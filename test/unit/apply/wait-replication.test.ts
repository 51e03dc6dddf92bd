import { describe, expect, it } from '@jest/globals';
import { waitForReplication, type Clock } from '../../../src/apply/wait-replication.js';
import type { HostPlan, HostRecord } from '../../../src/core/types.js';
import type { Directory } from '../../../src/directory/directory.js';
import { MemoryDirectory, type MemoryObject } from '../../../src/directory/memory-directory.js';
import type { Context } from '../../../src/read/session.js';
import { PLAIN } from '../../../src/render/style.js';
import type { Logger } from '../../../src/ui/logger.js';
import { DOMAIN, hyperV } from '../commands/memory-cli.js';

/** The wait's loop with a clock that moves only when it sleeps: an hour's wait in milliseconds. */
function fakeClock(): Clock & { slept: number[] } {
  let now = 1_000_000;
  const slept: number[] = [];
  return { slept, now: () => now, sleep: async (ms) => { slept.push(ms); now += ms; } };
}

const dcObject = (n: string): MemoryObject => ({ dn: `CN=${n},OU=Domain Controllers,${DOMAIN}`, sAMAccountName: `${n}$`, dNSHostName: `${n.toLowerCase()}.lab.test`, userAccountControl: 0x82000 });
const WRITTEN: HostPlan[] = [{ host: 'HV01', dn: `CN=HV01,OU=Hyper-V,${DOMAIN}`, current: [], add: ['cifs/HV02'], remove: [], unmanaged: [], uac: null, planned: [] }];
/** The written host as read back after the write: its name and DN find it on the other DCs. */
const HOSTS: HostRecord[] = [{ dn: WRITTEN[0].dn, name: 'HV01', fqdn: null, userAccountControl: 0x1000, delegateTo: ['cifs/HV02'], servicePrincipalNames: [] }];

function setup(): { dc1: MemoryDirectory; dc2: MemoryDirectory; ctx: Context; err: string[]; warnings: string[] } {
  const objects = (values: string[]): MemoryObject[] => [hyperV('HV01', { delegateTo: values }), dcObject('DC1'), dcObject('DC2')];
  const dc1 = new MemoryDirectory({ domain: DOMAIN, dnsHostName: 'dc1.lab.test', objects: objects(['cifs/HV02']) });
  const dc2 = new MemoryDirectory({ domain: DOMAIN, dnsHostName: 'dc2.lab.test', objects: objects([]) });
  const err: string[] = [];
  const warnings: string[] = [];
  const log = { info: () => undefined, debug: () => undefined, error: () => undefined, warn: (m: string) => warnings.push(m) } as unknown as Logger;
  const ctx = { err: { write: (s: string) => err.push(s), isTTY: true }, options: { quiet: false }, log, style: PLAIN } as unknown as Context;
  return { dc1, dc2, ctx, err, warnings };
}

describe('waitForReplication (injected clock)', () => {
  it('polls every interval until the other DC holds the change, bound to it once, with progress on a terminal', async () => {
    const { dc1, dc2, ctx, err } = setup();
    const clock = fakeClock();
    let reads = 0;
    let binds = 0;
    let closed = 0;
    const findHosts = dc2.findHosts.bind(dc2);
    dc2.findHosts = async (...a) => {
      if (++reads === 300) dc2.put(hyperV('HV01', { delegateTo: ['CIFS/hv02'] })); // replicated after 10 minutes
      return findHosts(...a);
    };
    dc2.close = async () => void closed++;
    const open = async (): Promise<Directory> => {
      binds++;
      return dc2;
    };
    const r = await waitForReplication(ctx, dc1, open, { written: WRITTEN, hosts: HOSTS, seconds: 3600, intervalMs: 2000, clock });
    // 300 reads over one connection: a bind is a logon in the DC's security log, not one every 2 s
    expect([reads, binds, closed]).toEqual([300, 1, 1]);
    expect(r.ok).toBe(true);
    expect(r.dcs).toEqual([
      { dc: 'dc1.lab.test', status: 'in-step', detail: [], seconds: 0 },
      { dc: 'dc2.lab.test', status: 'in-step', detail: [], seconds: 598 },
    ]);
    expect(clock.slept).toHaveLength(299);
    expect(err[0]).toBe('kcdmesh: waiting for replication: 1 of 2 writable DCs hold the change; waiting for dc2.lab.test (0 s of 3600) ...\n');
  });

  it('ends at the deadline, the last round at it, naming what the DC lacks', async () => {
    const { dc1, dc2, ctx } = setup();
    const clock = fakeClock();
    const r = await waitForReplication(ctx, dc1, async () => dc2, { written: WRITTEN, hosts: HOSTS, seconds: 5, intervalMs: 2000, clock });
    expect(r.ok).toBe(false);
    expect(r.seconds).toBe(5);
    expect(clock.slept).toEqual([2000, 2000, 1000]);
    expect(r.dcs[1]).toEqual({ dc: 'dc2.lab.test', status: 'behind', detail: ['HV01: cifs/HV02 missing'] });
  });

  it('connects again at once when a kept connection fails (the DC closed it), without calling the DC unreachable', async () => {
    const { dc1, dc2, ctx, warnings } = setup();
    const clock = fakeClock();
    let reads = 0;
    let binds = 0;
    const findHosts = dc2.findHosts.bind(dc2);
    dc2.findHosts = async (...a) => {
      reads++;
      if (reads === 3) throw new Error('connection closed by the DC');
      if (reads === 5) dc2.put(hyperV('HV01', { delegateTo: ['cifs/HV02'] }));
      return findHosts(...a);
    };
    const r = await waitForReplication(ctx, dc1, async () => (binds++, dc2), { written: WRITTEN, hosts: HOSTS, seconds: 60, intervalMs: 2000, clock });
    expect(r.ok).toBe(true);
    expect([reads, binds]).toEqual([5, 2]);
    expect(clock.slept).toEqual([2000, 2000, 2000]);
    expect(warnings).toEqual([]);
  });

  it('keeps trying a DC it cannot reach, warns once, and reports it as not reached', async () => {
    const { dc1, ctx, warnings } = setup();
    const clock = fakeClock();
    const r = await waitForReplication(ctx, dc1, async () => { throw new Error('ECONNREFUSED'); }, { written: WRITTEN, hosts: HOSTS, seconds: 10, intervalMs: 2000, clock });
    expect(r.ok).toBe(false);
    expect(r.dcs[1]).toMatchObject({ dc: 'dc2.lab.test', status: 'unreachable', detail: ['Error: ECONNREFUSED'] });
    expect(clock.slept).toHaveLength(5);
    expect(warnings).toEqual(['dc2.lab.test could not be read (tried again until the wait ends): Error: ECONNREFUSED']);
  });
});
