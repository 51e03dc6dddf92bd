import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadBackup, loadWritten, priorHosts, serialiseBackup, writeBackup, type Backup } from '../../../src/apply/backup.js';
import type { Plan } from '../../../src/core/types.js';
import { UsageError } from '../../../src/errors.js';
import { dnOf, host } from '../builders.js';

const plan: Plan = {
  mode: 'kerberos-only',
  services: ['cifs'],
  edges: [{ from: 'HV01', to: 'HV02', services: ['cifs'] }],
  warnings: [],
  hosts: [
    { host: 'HV01', dn: dnOf('HV01'), current: [], add: ['cifs/HV02'], remove: [], uac: null, planned: [] },
    { host: 'HV02', dn: dnOf('HV02'), current: [], add: [], remove: [], uac: null, planned: [] },
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
    expect(await loadBackup(file)).toEqual({ ...backup, plan: { ...plan, edges: [] } });
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
