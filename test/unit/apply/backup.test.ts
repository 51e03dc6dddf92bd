import { createHash, createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { backupBody, loadBackup, loadWritten, priorHosts, serialiseBackup, writeBackup, type Backup } from '../../../src/apply/backup.js';
import type { HostPlan, Plan, PlannedValue } from '../../../src/core/types.js';
import { UsageError } from '../../../src/errors.js';
import { dnOf, host } from '../builders.js';

const plan: Plan = {
  mode: 'kerberos-only',
  services: ['cifs'],
  edges: [{ from: 'HV01', to: 'HV02', services: ['cifs'] }],
  pairCount: 1,
  warnings: [],
  hosts: [
    { host: 'HV01', dn: dnOf('HV01'), current: [], add: ['cifs/HV02'], remove: [], unmanaged: [], uac: null, planned: [] },
    { host: 'HV02', dn: dnOf('HV02'), current: [], add: [], remove: [], unmanaged: [], uac: null, planned: [] },
  ],
};
const backup: Backup = {
  kind: 'kcdmesh-backup',
  formatVersion: 1,
  command: 'apply',
  createdAt: '2026-01-02T03:04:05.678Z',
  kcdmeshVersion: '0.1.0',
  dc: { url: 'ldaps://dc1.lab.test', dnsHostName: 'dc1.lab.test' },
  baseDn: 'DC=lab,DC=test',
  bindIdentity: 'admin@lab.test',
  plan,
  hosts: priorHosts(plan, [host('HV01', { values: ['http/x'], dn: dnOf('HV01').toUpperCase() }), host('HV02')]),
};

let dir: string;
beforeAll(async () => { dir = await mkdtemp(join(tmpdir(), 'kcdmesh-backup-')); });
afterAll(() => rm(dir, { recursive: true, force: true }));

const write = async (name: string, text: string): Promise<string> => {
  const file = join(dir, name);
  await writeFile(file, text);
  return file;
};

describe('backup files', () => {
  it('keep the prior state of the hosts the plan changes only, matched by DN in any case', () => {
    expect(backup.hosts).toEqual([{ dn: dnOf('HV01').toUpperCase(), name: 'HV01', delegateTo: ['http/x'], userAccountControl: 0x1000 }]);
  });

  it('read back what was written, without the plan\'s edges', async () => {
    const file = await writeBackup(dir, backup);
    expect(file).toMatch(/kcdmesh-apply-20260102T030405Z-[0-9a-f]{6}\.json$/);
    expect(await loadBackup(file)).toEqual({ ...backup, plan: { ...plan, edges: [], pairCount: 0 } });
  });

  it('keep the values a run adds and removes, not their planned structure; a big one is written in chunks, checksummed and sealed whole', async () => {
    // 300 hosts of 160 values: a body of over 1 MB, several chunks.
    const hosts: HostPlan[] = Array.from({ length: 300 }, (_, i) => {
      const name = `HV${String(i + 1).padStart(3, '0')}`;
      const planned: PlannedValue[] = Array.from({ length: 160 }, (_, j) => ({ peer: `HV${j}`, service: 'cifs', nameForm: 'short', spn: `cifs/HV${j}-of-${name}` }));
      return { host: name, dn: dnOf(name), current: ['http/x'], add: planned.map((v) => v.spn), planned, remove: ['http/x'], unmanaged: [], uac: { from: 0x1000, to: 0x1001000 } };
    });
    const big: Backup = { ...backup, plan: { ...plan, hosts }, hosts: [] };
    const key = Buffer.alloc(32, 7);
    const file = await writeBackup(dir, big, key);
    const text = await readFile(file, 'utf8');
    expect(text.length).toBeGreaterThan(1024 * 1024);
    expect(text).toBe(serialiseBackup(big, key));
    const [body, trailer] = text.split('\n');
    expect(body).toBe([...backupBody(big)].join(''));
    expect(JSON.parse(trailer)).toEqual({ sha256: createHash('sha256').update(body).digest('hex'), hmacSha256: createHmac('sha256', key).update(body).digest('hex') });
    expect(JSON.parse(body)).toEqual({ ...big, plan: { ...big.plan, edges: [], pairCount: 0, hosts: hosts.map((h) => ({ ...h, planned: [] })) } });
    expect(await loadBackup(file, key)).toEqual({ ...big, plan: { ...big.plan, edges: [], pairCount: 0, hosts: hosts.map((h) => ({ ...h, planned: [] })) } });
    await expect(loadBackup(file, Buffer.alloc(32, 8))).rejects.toThrow('the seal does not match');
  });

  it('write the same compact JSON as one JSON.stringify of what they keep', () => {
    const odd = { ...backup, extra: undefined, plan: { ...plan, hosts: [...plan.hosts, null, { host: 'x' }] } } as unknown as Backup;
    const kept = { ...odd, plan: { ...odd.plan, edges: [], pairCount: 0, hosts: [{ ...plan.hosts[0], planned: [] }, { ...plan.hosts[1], planned: [] }, null, { host: 'x' }] } };
    expect([...backupBody(odd)].join('')).toBe(JSON.stringify(kept));
  });

  it.each([
    ['a changed body', (t: string) => t.replace('HV02', 'HV03'), 'checksum mismatch'],
    ['no checksum line', (t: string) => t.split('\n')[0], 'no checksum line (truncated?)'],
    ['a damaged checksum line', (t: string) => t.replace(/"\}\n$/, '"\n'), 'damaged checksum line'],
  ])('refuse %s', async (_label, damage, message) => {
    const file = await write(`damaged-${message.length}.json`, damage(serialiseBackup(backup)));
    await expect(loadBackup(file)).rejects.toThrow(UsageError);
    await expect(loadBackup(file)).rejects.toThrow(message);
  });

  it.each([
    ['another kind', { kind: 'other' }, 'kind is "other"'],
    ['another format version', { formatVersion: 2 }, 'format version 2 is not supported'],
    ['missing hosts', { hosts: undefined }, 'missing fields'],
    ['a format version as text', { formatVersion: '1' }, 'formatVersion is not a number'],
    ['a number among the values to add', { plan: { ...plan, hosts: [{ ...plan.hosts[0], add: [5] }] } }, 'a planned host has a field of the wrong type'],
    ['a flag change that is not two numbers', { plan: { ...plan, hosts: [{ ...plan.hosts[0], uac: { from: 'x', to: 1 } }] } }, 'a planned host has a field of the wrong type'],
    ['a host that is not an object', { hosts: [null] }, 'missing fields'],
  ])('refuse %s', async (_label, change, message) => {
    const file = await write(`shape-${_label.length}.json`, serialiseBackup({ ...backup, ...change } as unknown as Backup));
    await expect(loadBackup(file)).rejects.toThrow(UsageError);
    await expect(loadBackup(file)).rejects.toThrow(message);
  });

  it.each([['null'], ['[]'], ['"text"'], ['42']])('refuse a body of %s with a correct checksum line (one line, not a crash)', async (body) => {
    const sum = createHash('sha256').update(body).digest('hex');
    const file = await write(`body-${body.length}-${body.charCodeAt(0)}.json`, `${body}\n${JSON.stringify({ sha256: sum })}\n`);
    await expect(loadBackup(file)).rejects.toThrow(UsageError);
    await expect(loadBackup(file)).rejects.toThrow('is not a usable kcdmesh backup');
  });

  it('read the written record of runs before the write-ahead record, by DN key', async () => {
    const file = join(dir, 'kcdmesh-apply-x.json');
    expect(await loadWritten(file)).toBeNull();
    await writeFile(join(dir, 'kcdmesh-apply-x.written.json'), `${JSON.stringify({ backup: 'kcdmesh-apply-x.json', written: [dnOf('HV01')] })}\n`);
    expect(await readFile(join(dir, 'kcdmesh-apply-x.written.json'), 'utf8')).toContain('"backup":"kcdmesh-apply-x.json"');
    expect(await loadWritten(file)).toEqual(new Set([dnOf('HV01').toLowerCase()]));
  });
});
