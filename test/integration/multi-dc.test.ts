import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadBackup } from '../../src/apply/backup.js';
import { BACKUP_DIR, backupOf, cli, createHosts, deleteHosts, fqdnOf, hostDn } from '../lab/lab.js';
import { envOn, pauseInbound, replicate, restoreTwoDcLab, resumeInbound, startDc2, stopDc2, twoDcLab, withAdminOn, type DcName } from '../lab/two-dc.js';
import { Attribute, Change, Control } from 'ldapts';

/**
 * kcdmesh against the lab's two real, replicating DCs: DC1 (connected to by address) and
 * dc2.lab.test (found in the directory, reached by its dNSHostName). Replication is paused, resumed
 * and forced by the lab; nothing here simulates a DC.
 */
const MESH = ['MDC01', 'MDC02', 'MDC03'];
const CONFLICT = ['MDC06', 'MDC07'];
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

interface OnDc { values: string[]; uac: number }

async function onDc(dc: DcName, name: string): Promise<OnDc> {
  return withAdminOn(dc, async (c) => {
    const { searchEntries } = await c.search(hostDn(name), { scope: 'base', attributes: ['msDS-AllowedToDelegateTo', 'userAccountControl'] });
    const e = searchEntries[0];
    return { values: [e['msDS-AllowedToDelegateTo'] ?? []].flat().map(String).sort(), uac: Number(e.userAccountControl) };
  });
}

/** Another administrator adding a value on one DC (one modify: one attribute version). */
async function foreignAdd(dc: DcName, name: string, value: string): Promise<void> {
  await withAdminOn(dc, (c) => c.modify(hostDn(name), [new Change({ operation: 'add', modification: new Attribute({ type: 'msDS-AllowedToDelegateTo', values: [value] }) })], new Control('1.2.840.113556.1.4.1413')));
}

async function inStep(): Promise<void> {
  await replicate('dc1', 'dc2');
  await replicate('dc2', 'dc1');
}

beforeAll(async () => {
  await twoDcLab(); // fails, saying why, when this process cannot reach the DCs by name
  await createHosts([...MESH, ...CONFLICT]);
  await inStep();
}, 120000);
afterAll(async () => {
  await restoreTwoDcLab();
  await deleteHosts([...MESH, ...CONFLICT]);
  await replicate('dc1', 'dc2');
}, 180000);

describe('two real DCs', () => {
  it('verify --all-dcs: exit 2 naming DC2 while its inbound replication is paused, 0 once it has caught up', async () => {
    await pauseInbound('dc2');
    expect((await cli(['apply', 'MDC01', 'MDC02', '--yes'])).code).toBe(0);
    const behind = await cli(['verify', 'MDC01', 'MDC02', '--all-dcs', '--output', 'json']);
    expect(behind.code).toBe(2);
    const findings = JSON.parse(behind.stdout).findings as Array<{ kind: string; host: string; value: string; message: string }>;
    expect(findings.length).toBe(8); // 4 values each way, none on DC2 yet
    expect(findings.every((f) => f.kind === 'not-replicated' && f.message.endsWith('is on DC1.lab.test but not yet on dc2.lab.test'))).toBe(true);
    expect(findings.map((f) => f.value)).toContain(`cifs/${fqdnOf('MDC02')}`);
    await resumeInbound('dc2');
    await replicate('dc1', 'dc2');
    const caught = await cli(['verify', 'MDC01', 'MDC02', '--all-dcs']);
    expect(caught.stderr).toContain('read from 2 of 2 writable DCs: DC1.lab.test, dc2.lab.test; all agree');
    expect(caught.code).toBe(0);
  }, 120000);

  it('--wait-replication times out naming DC2 while it is paused (exit 2); the write itself stands', async () => {
    await pauseInbound('dc2');
    const r = await cli(['apply', ...MESH, '--yes', '--wait-replication', '6']);
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/replication: not every writable DC holds the change after \d+\.\d s; still behind: dc2\.lab\.test\n/);
    expect(r.stdout).toContain('  DC1.lab.test: holds the change\n');
    expect(r.stdout).toContain(`  dc2.lab.test: behind (MDC01: cifs/MDC03 missing;`);
    expect((await onDc('dc1', 'MDC03')).values).toContain(`cifs/${fqdnOf('MDC01')}`);
    expect((await onDc('dc2', 'MDC03')).values).toEqual([]);
  }, 120000);

  it('--wait-replication returns once DC2 holds the values and the flag (resumed during the wait)', async () => {
    // any-protocol sets TRUSTED_TO_AUTH_FOR_DELEGATION: the flag must reach DC2 as well as the values
    const waiting = cli(['apply', ...MESH, '--mode', 'any-protocol', '--yes', '--wait-replication', '90', '--output', 'json']);
    await sleep(3000);
    await resumeInbound('dc2');
    await replicate('dc1', 'dc2');
    const r = await waiting;
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.replication.ok).toBe(true);
    expect(doc.replication.dcs).toEqual([
      { dc: 'DC1.lab.test', status: 'in-step', detail: [], seconds: 0 },
      { dc: 'dc2.lab.test', status: 'in-step', detail: [], seconds: expect.any(Number) },
    ]);
    expect(doc.replication.dcs[1].seconds).toBeGreaterThan(0);
    process.stderr.write(`multi-dc: --wait-replication saw DC2 hold the change ${doc.replication.dcs[1].seconds}s into the wait (resumed at ~3 s)\n`);
    for (const h of MESH) expect(await onDc('dc2', h)).toEqual(await onDc('dc1', h));
    expect((await onDc('dc2', 'MDC03')).uac & 0x1000000).toBe(0x1000000);
  }, 150000);

  it('--dc pdc: the directory\'s PDC emulator is used for the run, and the records name it', async () => {
    // What the directory says: fSMORoleOwner on the domain head -> NTDS Settings -> its server's dNSHostName
    const pdc = await withAdminOn('dc2', async (c) => {
      const base = (await c.search('', { scope: 'base', attributes: ['defaultNamingContext'] })).searchEntries[0].defaultNamingContext as string;
      const owner = String((await c.search(base, { scope: 'base', attributes: ['fSMORoleOwner'] })).searchEntries[0].fSMORoleOwner);
      const server = owner.replace(/^CN=NTDS Settings,/i, '');
      return String((await c.search(server, { scope: 'base', attributes: ['dNSHostName'] })).searchEntries[0].dNSHostName);
    });
    expect(pdc).toBe('DC1.lab.test'); // the DC that provisioned the domain holds the roles; DC2 only joined
    // connected to DC2 by address, the run goes to the PDC emulator by its name
    const r = await cli(['apply', ...MESH, '--mode', 'kerberos-only', '--yes', '--dc', 'pdc'], { env: envOn('dc2') });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('kcdmesh: DC: DC1.lab.test (the PDC emulator), at ldaps://DC1.lab.test');
    expect((await loadBackup(backupOf(r))).dc).toEqual({ url: 'ldaps://DC1.lab.test', dnsHostName: 'DC1.lab.test' });
    const log = readFileSync(join(BACKUP_DIR, 'changes.log'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    const mine = log.filter((l) => l.backup === backupOf(r));
    expect(mine.map((l) => [l.host, l.dc, l.dcHost])).toEqual(MESH.map((h) => [h, 'ldaps://DC1.lab.test', 'DC1.lab.test']));
    const unknown = await cli(['plan', ...MESH, '--dc', 'dc9'], { env: envOn('dc2') });
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('hint: give --dc pdc or one of: DC1.lab.test, dc2.lab.test');
  }, 120000);

  it('a conflict loses kcdmesh\'s values on both DCs: verify finds them missing, apply restores them, the foreign values stay', async () => {
    await inStep();
    await pauseInbound('dc1');
    await pauseInbound('dc2');
    expect((await cli(['apply', ...CONFLICT, '--yes'])).code).toBe(0); // one modify of MDC06 on DC1
    await sleep(1500);
    // two modifies of MDC06 on DC2: the higher attribute version wins, whole, on both DCs
    await foreignAdd('dc2', 'MDC06', 'http/web01.lab.test');
    await foreignAdd('dc2', 'MDC06', 'http/web02.lab.test');
    await resumeInbound('dc1');
    await resumeInbound('dc2');
    await inStep();
    const lost = ['http/web01.lab.test', 'http/web02.lab.test'];
    expect((await onDc('dc1', 'MDC06')).values).toEqual(lost);
    expect((await onDc('dc2', 'MDC06')).values).toEqual(lost);

    const found = await cli(['verify', ...CONFLICT, '--all-dcs', '--output', 'json']);
    expect(found.code).toBe(2);
    const findings = JSON.parse(found.stdout).findings as Array<{ kind: string; host: string; missing?: Array<{ spn: string }> }>;
    expect(findings.filter((f) => f.kind === 'not-replicated')).toEqual([]); // both DCs agree: on the loss
    // one finding for the pair, listing every value the conflict lost
    expect(findings.filter((f) => f.kind === 'missing-delegation').flatMap((f) => (f.missing ?? []).map((m) => [f.host, m.spn])).sort()).toEqual(
      ['cifs/MDC07', `cifs/${fqdnOf('MDC07')}`, 'Microsoft Virtual System Migration Service/MDC07', `Microsoft Virtual System Migration Service/${fqdnOf('MDC07')}`].map((v) => ['MDC06', v]).sort(),
    );

    const repaired = await cli(['apply', ...CONFLICT, '--yes', '--wait-replication', '60']);
    expect(repaired.code).toBe(0);
    for (const dc of ['dc1', 'dc2'] as const) {
      const v = (await onDc(dc, 'MDC06')).values;
      expect(v).toEqual(expect.arrayContaining([...lost, 'cifs/MDC07', `cifs/${fqdnOf('MDC07')}`]));
      expect(v).toHaveLength(6);
    }
    expect((await cli(['verify', ...CONFLICT, '--all-dcs'])).code).toBe(0);
  }, 180000);

  it('DC2 stopped during verify --all-dcs: named as a finding (exit 2), DC1 still checked', async () => {
    await stopDc2();
    try {
      const r = await cli(['verify', 'MDC01', 'MDC02', '--all-dcs', '--timeout', '5', '--output', 'json']);
      expect(r.code).toBe(2);
      const findings = JSON.parse(r.stdout).findings as Array<{ kind: string; host: string; message: string }>;
      expect(findings).toHaveLength(1);
      expect(findings[0]).toMatchObject({ kind: 'dc-unreachable', host: 'dc2.lab.test' });
      expect(findings[0].message).toContain('connection to ldaps://dc2.lab.test refused');
      expect(r.stderr).toContain('read from 1 of 2 writable DCs: DC1.lab.test, dc2.lab.test; all agree; not read: dc2.lab.test');
    } finally {
      await startDc2();
    }
  }, 120000);
});
