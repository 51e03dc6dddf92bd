import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Attribute, Change, Client, Control } from 'ldapts';
import { labDc, nameUrl, pauseInbound, replicate, restoreTwoDcLab, resumeInbound, startDc2, stopDc2, twoDcLab, withAdminOn, type DcName } from '../lab/two-dc.js';

/** The lab's two replicating DCs themselves, through ldapts only: what the multi-DC tests rely on. */
const HOSTS = ['TDL01', 'TDL02', 'TDL03'];
const PERMISSIVE = new Control('1.2.840.113556.1.4.1413');
const dn = (name: string): string => `CN=${name},${labDc('dc1').SAMBA_DC_COMPUTERS_DN}`;
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function values(dc: DcName, name: string): Promise<string[] | null> {
  return withAdminOn(dc, async (c) => {
    try {
      const { searchEntries } = await c.search(dn(name), { scope: 'base', attributes: ['msDS-AllowedToDelegateTo'] });
      return [searchEntries[0]['msDS-AllowedToDelegateTo'] ?? []].flat().map(String).sort();
    } catch {
      return null; // no such object (yet) on this DC
    }
  });
}

async function change(dc: DcName, name: string, operation: 'add' | 'delete', vals: string[]): Promise<void> {
  await withAdminOn(dc, (c) =>
    c.modify(dn(name), [new Change({ operation, modification: new Attribute({ type: 'msDS-AllowedToDelegateTo', values: vals }) })], PERMISSIVE));
}

async function createOnDc1(name: string, vals: string[] = []): Promise<void> {
  await withAdminOn('dc1', async (c) => {
    await c.del(dn(name)).catch(() => undefined);
    await c.add(dn(name), {
      objectClass: 'computer', sAMAccountName: `${name}$`, userAccountControl: '4096', dNSHostName: `${name.toLowerCase()}.lab.test`,
      ...(vals.length ? { 'msDS-AllowedToDelegateTo': vals } : {}),
    });
  });
}

/** Poll until `check` holds or `ms` pass; returns the seconds it took, or null. */
async function within(ms: number, check: () => Promise<boolean>): Promise<number | null> {
  const t0 = Date.now();
  while (Date.now() - t0 < ms) {
    if (await check()) return (Date.now() - t0) / 1000;
    await sleep(250);
  }
  return null;
}

beforeAll(async () => {
  await twoDcLab(); // fails, saying why, when this process cannot reach the DCs by name
}, 30000);
afterAll(async () => {
  await restoreTwoDcLab();
  await withAdminOn('dc1', async (c) => { for (const h of HOSTS) await c.del(dn(h)).catch(() => undefined); });
  await replicate('dc1', 'dc2');
}, 120000);

describe('two-DC lab', () => {
  it('reaches DC2 by its dNSHostName over LDAPS, verified with the lab CA', async () => {
    expect(nameUrl('dc2')).toBe('ldaps://dc2.lab.test');
    const host = await withAdminOn('dc2', async (c) => (await c.search('', { scope: 'base', attributes: ['dnsHostName'] })).searchEntries[0].dnsHostName, true);
    expect(host).toBe('dc2.lab.test');
    // the name check is real: without the lab CA the same connection is refused
    const bare = new Client({ url: nameUrl('dc2'), timeout: 5000, connectTimeout: 5000 });
    await expect(bare.bind(labDc('dc2').SAMBA_DC_BIND_UPN, labDc('dc2').SAMBA_DC_PASSWORD)).rejects.toThrow(/certificate/i);
    await bare.unbind().catch(() => undefined);
  });

  it('stops DC2 (its name still resolves, connections are refused) and starts it again', async () => {
    await stopDc2();
    await expect(withAdminOn('dc2', async () => 'reached', true)).rejects.toThrow(/ECONNREFUSED/);
    expect(await withAdminOn('dc1', async () => 'reached')).toBe('reached');
    await startDc2();
    expect(await withAdminOn('dc2', async () => 'reached', true)).toBe('reached');
  }, 90000);

  it('replicates a change on DC1 to DC2 by itself', async () => {
    await createOnDc1('TDL01');
    await replicate('dc1', 'dc2');
    await change('dc1', 'TDL01', 'add', ['cifs/auto']);
    const took = await within(30000, async () => (await values('dc2', 'TDL01'))?.includes('cifs/auto') ?? false);
    process.stderr.write(`two-dc-lab: DC1 -> DC2 by itself in ${took}s\n`);
    expect(took).not.toBeNull();
  }, 60000);

  it('holds a value back from DC2 while its inbound replication is paused, and delivers it after resume + replicate', async () => {
    await createOnDc1('TDL02', ['cifs/before']);
    await replicate('dc1', 'dc2');
    expect(await values('dc2', 'TDL02')).toEqual(['cifs/before']);
    await pauseInbound('dc2');
    await change('dc1', 'TDL02', 'add', ['cifs/paused']);
    expect(await values('dc1', 'TDL02')).toEqual(['cifs/before', 'cifs/paused']);
    // longer than DC1 -> DC2 takes by itself (previous test): the pause is what holds it back
    expect(await within(8000, async () => (await values('dc2', 'TDL02'))?.includes('cifs/paused') ?? false)).toBeNull();
    expect(await values('dc2', 'TDL02')).toEqual(['cifs/before']);
    await resumeInbound('dc2');
    await replicate('dc1', 'dc2');
    expect(await values('dc2', 'TDL02')).toEqual(['cifs/before', 'cifs/paused']);
  }, 60000);

  it('loses one side of conflicting changes to msDS-AllowedToDelegateTo: the later change wins, whole', async () => {
    await createOnDc1('TDL03', ['cifs/mesh1', 'cifs/mesh2']);
    await replicate('dc1', 'dc2');
    await pauseInbound('dc1');
    await pauseInbound('dc2');
    await change('dc1', 'TDL03', 'add', ['cifs/added-on-dc1']);
    await sleep(1500); // replication metadata keeps whole seconds: make the DC2 change clearly later
    await change('dc2', 'TDL03', 'delete', ['cifs/mesh2']);
    expect(await values('dc1', 'TDL03')).toEqual(['cifs/added-on-dc1', 'cifs/mesh1', 'cifs/mesh2']);
    expect(await values('dc2', 'TDL03')).toEqual(['cifs/mesh1']);
    await resumeInbound('dc1');
    await resumeInbound('dc2');
    await replicate('dc1', 'dc2');
    await replicate('dc2', 'dc1');
    // same attribute version on both (one change each): the later originating time wins, and the
    // attribute travels whole, so DC1's add is gone from both DCs, not merged
    expect(await values('dc1', 'TDL03')).toEqual(['cifs/mesh1']);
    expect(await values('dc2', 'TDL03')).toEqual(['cifs/mesh1']);
  }, 90000);

  it('lets the side with more changes win over a later single change (version before time)', async () => {
    await createOnDc1('TDL03', ['cifs/mesh1']);
    await replicate('dc1', 'dc2');
    await pauseInbound('dc1');
    await pauseInbound('dc2');
    await change('dc1', 'TDL03', 'add', ['cifs/a1']);
    await change('dc1', 'TDL03', 'add', ['cifs/a2']);
    await sleep(1500);
    await change('dc2', 'TDL03', 'add', ['cifs/later-on-dc2']);
    await resumeInbound('dc1');
    await resumeInbound('dc2');
    await replicate('dc2', 'dc1');
    await replicate('dc1', 'dc2');
    expect(await values('dc1', 'TDL03')).toEqual(['cifs/a1', 'cifs/a2', 'cifs/mesh1']);
    expect(await values('dc2', 'TDL03')).toEqual(['cifs/a1', 'cifs/a2', 'cifs/mesh1']);
  }, 90000);
});
