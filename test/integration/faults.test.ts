import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { loadBackup } from '../../src/apply/backup.js';
import { backupOf, cli, createHosts, dc, fqdnOf, hookModifies, modifyValues, readHost, setUac, startDc, stopDc } from '../lab/lab.js';
import { CuttingProxy } from '../lab/proxy.js';

const HOSTS = ['FLT01', 'FLT02', 'FLT03', 'FLT04'];
const FOREIGN = 'cifs/fileserver01.lab.test';
const MESH_VALUES = 4 * (HOSTS.length - 1);

/** Every host either holds its whole share of the mesh or none of it: modifies are whole. */
async function meshCounts(): Promise<number[]> {
  const counts: number[] = [];
  for (const h of HOSTS) counts.push((await readHost(h)).values.filter((v) => v !== FOREIGN).length);
  return counts;
}

beforeEach(async () => {
  await createHosts(HOSTS);
  await modifyValues('FLT02', 'add', [FOREIGN]);
});

describe('the DC dies in the middle of an apply', () => {
  afterAll(() => startDc()); // whatever happened, later tests need their DC

  it('exits 1 naming written and unwritten hosts, keeps the backup, and a second apply converges', async () => {
    const r = await cli(['apply', ...HOSTS, '--yes', '--parallel', '1', '--timeout', '5'], {
      wrap: (d) => hookModifies(d, { after: async (n) => { if (n === 2) stopDc(); } }),
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('apply wrote 2 of 4 hosts (written: FLT01, FLT02; not written: FLT03, FLT04)');
    expect(r.stderr).toContain('a new run writes only what is still missing');
    const file = backupOf(r);
    expect(r.stderr).toContain(`the backup of the hosts' prior state is ${file}`);

    startDc();
    const backup = await loadBackup(file);
    expect(backup.hosts.map((h) => h.name)).toEqual(HOSTS);
    expect(backup.hosts.find((h) => h.name === 'FLT02')!.delegateTo).toEqual([FOREIGN]);
    expect(await meshCounts()).toEqual([MESH_VALUES, MESH_VALUES, 0, 0]);

    const again = await cli(['apply', ...HOSTS, '--yes']);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('Plan: 24 to add');
    expect(await meshCounts()).toEqual([MESH_VALUES, MESH_VALUES, MESH_VALUES, MESH_VALUES]);
    expect((await readHost('FLT02')).values).toContain(FOREIGN);

    // Rolling back the interrupted run undoes only the hosts it wrote; FLT03 and FLT04 were written by the second run.
    const rolled = await cli(['rollback', file, '--yes']);
    expect(rolled.code).toBe(0);
    expect(await meshCounts()).toEqual([0, 0, MESH_VALUES, MESH_VALUES]);
    expect((await readHost('FLT02')).values).toEqual([FOREIGN]);
  });
});

describe('the connection drops', () => {
  const proxy = new CuttingProxy({ host: dc().SAMBA_DC_IP, port: 636 });
  let url = '';
  beforeAll(async () => { url = `ldaps://localhost:${await proxy.listen()}`; });
  afterAll(() => proxy.close());

  it('mid-search: a clear error, no hang, nothing written', async () => {
    // A search response big enough to cut in the middle: the hosts already hold a full mesh.
    expect((await cli(['apply', ...HOSTS, '--yes'])).code).toBe(0);
    proxy.reset();
    expect((await cli(['verify', ...HOSTS, '--url', url])).code).toBe(0);
    const whole = proxy.bytesDown;
    proxy.reset(Math.floor(whole * 0.8));
    const started = Date.now();
    const r = await cli(['verify', ...HOSTS, '--url', url, '--timeout', '10']);
    expect(proxy.cuts).toBe(1);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^kcdmesh: error: (search|read sPNMappings).*connection to ldaps:\/\/localhost:\d+ lost/m);
    expect(r.stderr).toContain('hint: check the DC and the network, then run again');
    expect(Date.now() - started).toBeLessThan(10000);
  });

  it('mid-apply: only whole-host modifies reach the directory, and apply again converges', async () => {
    proxy.reset();
    expect((await cli(['plan', ...HOSTS, '--url', url])).code).toBe(2);
    const readPhase = proxy.bytesDown;
    proxy.reset(readPhase + 150); // the DC's answers to the first modifies
    const r = await cli(['apply', ...HOSTS, '--url', url, '--yes', '--parallel', '1', '--timeout', '10']);
    expect(r.code).toBe(1);
    expect(proxy.cuts).toBe(1); // no reconnect: nothing more is sent after the loss
    expect(r.stderr).toMatch(/not sent, the connection to ldaps:\/\/localhost:\d+ was lost earlier/);
    for (const n of await meshCounts()) expect([0, MESH_VALUES]).toContain(n);
    proxy.reset();
    expect((await cli(['apply', ...HOSTS, '--url', url, '--yes'])).code).toBe(0);
    expect(await meshCounts()).toEqual([MESH_VALUES, MESH_VALUES, MESH_VALUES, MESH_VALUES]);
  });
});

describe('another writer', () => {
  it('between plan and write: a foreign value survives; a UAC flip is detected, not overwritten', async () => {
    const r = await cli(['apply', ...HOSTS, '--mode', 'any-protocol', '--yes', '--parallel', '1'], {
      wrap: (d) => hookModifies(d, {
        before: async (n) => {
          if (n !== 1) return;
          await modifyValues('FLT03', 'add', ['cifs/isolib.lab.test']);
          await setUac('FLT04', 0x1000 | 0x10000); // someone set "password never expires"
        },
      }),
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('not written: FLT04');
    expect(r.stderr).toContain('userAccountControl was changed by someone else since it was read');
    expect((await readHost('FLT03')).values).toContain('cifs/isolib.lab.test');
    expect((await readHost('FLT03')).uac).toBe(0x1001000);
    expect(await readHost('FLT04')).toEqual({ values: [], uac: 0x11000 });
  });

  it('two applies of the same mesh at once both finish, and the result is correct', async () => {
    const [a, b] = await Promise.all([
      cli(['apply', ...HOSTS, '--mode', 'any-protocol', '--yes']),
      cli(['apply', ...HOSTS, '--mode', 'any-protocol', '--yes']),
    ]);
    expect([a.code, b.code]).toEqual([0, 0]);
    for (const h of HOSTS) {
      const state = await readHost(h);
      expect(state.uac).toBe(0x1001000);
      expect(new Set(state.values.map((v) => v.toLowerCase())).size).toBe(state.values.length);
    }
    expect(await meshCounts()).toEqual([MESH_VALUES, MESH_VALUES, MESH_VALUES, MESH_VALUES]);
    expect((await readHost('FLT01')).values).toContain(`cifs/${fqdnOf('FLT02')}`);
  });
});
