import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from '@jest/globals';
import { serialiseBackup, type Backup } from '../../src/apply/backup.js';
import { backupOf, cli, createHosts, dc, fingerprint, hostDn } from '../lab/lab.js';

/**
 * A backup edited by hand with its checksum recomputed: rollback holds the plan it yields to what
 * apply could write, asking the directory who the domain controllers are. Nothing is written.
 */
const HOSTS = ['FRG01', 'FRG02'];
const DC = (): string => 'DC1';

async function appliedBackup(env: Record<string, string> = {}): Promise<{ file: string; backup: Backup }> {
  const r = await cli(['apply', ...HOSTS, '--yes'], { env });
  expect(r.code).toBe(0);
  const file = backupOf(r);
  const backup = JSON.parse(readFileSync(file, 'utf8').split('\n{"sha256"')[0]) as Backup;
  return { file, backup };
}

function forge(file: string, backup: Backup, edit: (b: Backup) => void): string {
  edit(backup);
  const forged = file.replace(/\.json$/, '.forged.json');
  writeFileSync(forged, serialiseBackup(backup));
  rmSync(file.replace(/\.json$/, '.written.json'), { force: true });
  return forged;
}

beforeEach(() => createHosts(HOSTS));

describe('a forged backup', () => {
  const cases: Array<[string, (b: Backup) => void, RegExp]> = [
    ['puts back values delegating to a DC', (b) => { b.plan.hosts[0].remove.push(`ldap/${DC().toLowerCase()}.lab.test`, `cifs/${DC().toLowerCase()}.lab.test`); }, /cannot put back "ldap\/\S+" is not a value of the managed services/],
    ['sets ACCOUNTDISABLE', (b) => { b.plan.hosts[1].uac = { from: 0x1002, to: 0x1000 }; }, /FRG02: would set ACCOUNTDISABLE; rollback changes only TRUSTED_TO_AUTH_FOR_DELEGATION/],
    ['turns off pre-authentication', (b) => { b.plan.hosts[0].uac = { from: 0x401000, to: 0x1000 }; }, /FRG01: would set DONT_REQ_PREAUTH; rollback changes only/],
    ['writes to a domain controller', (b) => { b.plan.hosts.push({ host: DC(), dn: hostDn(DC(), `OU=Domain Controllers,${dc().SAMBA_DC_BASE_DN}`), current: [], add: [], planned: [], remove: ['cifs/FRG01'], unmanaged: [], uac: null }); }, /is a domain controller/],
  ];

  it.each(cases)('%s: refused, nothing written', async (_name, edit, message) => {
    const { file, backup } = await appliedBackup();
    const forged = forge(file, backup, edit);
    const before = await fingerprint();
    const r = await cli(['rollback', forged, '--yes']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/kcdmesh: error: refusing this rollback: it would write what apply never writes: /);
    expect(r.stderr).toMatch(message);
    expect(await fingerprint()).toBe(before);
  });

  it('a genuine backup still rolls back', async () => {
    const { file } = await appliedBackup();
    const r = await cli(['rollback', file, '--yes']);
    expect(r.code).toBe(0);
  });
});

describe('a backup edited in place, and sealed backups', () => {
  it('edited under its own name with the checksum recomputed: the write-ahead record and the change log disagree, refused', async () => {
    const { file, backup } = await appliedBackup();
    backup.plan.hosts[0].add.push('cifs/FRG09.lab.test');
    writeFileSync(file, serialiseBackup(backup));
    const before = await fingerprint();
    const r = await cli(['rollback', file, '--yes']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/kcdmesh: error: refusing this rollback: \S+ and the records of its run disagree: the write-ahead record and the backup disagree about FRG01/);
    expect(r.stderr).toMatch(/hint: .*nothing was written/);
    expect(await fingerprint()).toBe(before);
  });

  it('with KCDMESH_BACKUP_KEY_FILE: apply seals, an unsealed or wrongly sealed copy is refused, the genuine one rolls back', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kcdmesh-key-'));
    const keyFile = join(dir, 'backup.key');
    writeFileSync(keyFile, randomBytes(32), { mode: 0o600 });
    const env = { KCDMESH_BACKUP_KEY_FILE: keyFile };
    const { file, backup } = await appliedBackup(env);
    expect(readFileSync(file, 'utf8')).toMatch(/"hmacSha256":"[0-9a-f]{64}"/);
    const before = await fingerprint();
    const unsealed = forge(file, structuredClone(backup), () => undefined);
    const r1 = await cli(['rollback', unsealed, '--yes'], { env });
    expect(r1.code).toBe(1);
    expect(r1.stderr).toContain('it carries no seal, and a key was given');
    const resealed = file.replace(/\.json$/, '.other-key.json');
    writeFileSync(resealed, serialiseBackup(backup, randomBytes(32)));
    const r2 = await cli(['rollback', resealed, '--yes'], { env });
    expect(r2.code).toBe(1);
    expect(r2.stderr).toContain('the seal does not match');
    const r3 = await cli(['rollback', file, '--yes']);
    expect(r3.code).toBe(1);
    expect(r3.stderr).toContain('it is sealed with a key (KCDMESH_BACKUP_KEY_FILE), and no key was given');
    expect(await fingerprint()).toBe(before);
    const ok = await cli(['rollback', file, '--yes'], { env });
    expect(ok.code).toBe(0);
  });
});
