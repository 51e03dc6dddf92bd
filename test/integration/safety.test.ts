import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { beforeEach, describe, expect, it } from '@jest/globals';
import { BACKUP_DIR, backupOf, cli, type CliResult, createHosts, dc, fingerprint, fqdnOf, hostDn, modifyValues, readHost, setUac } from '../lab/lab.js';

const HOSTS = ['SAFE01', 'SAFE02', 'SAFE03'];
const FOREIGN = 'cifs/fileserver01.lab.test';

/** The backup apply announced on stderr, which must be in this file's backup directory. */
function backupIn(r: CliResult): string {
  const file = backupOf(r);
  if (dirname(file) !== BACKUP_DIR) throw new Error(`backup outside ${BACKUP_DIR}: ${file}`);
  return file;
}

function changeLog(): Array<Record<string, unknown>> {
  return readFileSync(join(BACKUP_DIR, 'changes.log'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
}

beforeEach(async () => {
  await createHosts(HOSTS);
  await createHosts(['SAFE01'], { values: [FOREIGN, 'CIFS/SAFE02'], uac: 0x1000 | 0x80000 });
});

describe('backup, change log and rollback', () => {
  it('apply backs up every touched host first, logs every modify, and rollback restores exactly that', async () => {
    const before = await fingerprint();
    const applied = await cli(['apply', ...HOSTS, '--mode', 'any-protocol', '--yes']);
    expect(applied.code).toBe(0);
    const file = backupIn(applied);
    expect(readdirSync(BACKUP_DIR)).toContain(basename(file));
    expect(applied.stderr).toContain(`kcdmesh: backup: ${file}`);
    expect(applied.stdout).toContain(`To undo: kcdmesh rollback ${file}`);

    const backup = JSON.parse(readFileSync(file, 'utf8').split('\n{"sha256"')[0]);
    expect(backup).toMatchObject({ kind: 'kcdmesh-backup', formatVersion: 1, command: 'apply', baseDn: 'DC=lab,DC=test', bindIdentity: 'Administrator@LAB.TEST', dc: { url: dc().SAMBA_DC_URL } });
    expect(backup.hosts.find((h: { name: string }) => h.name === 'SAFE01')).toEqual({ dn: hostDn('SAFE01'), name: 'SAFE01', delegateTo: [FOREIGN, 'CIFS/SAFE02'], userAccountControl: 0x81000 });
    expect(backup.plan.hosts).toHaveLength(3);

    const log = changeLog().filter((r) => r.backup === file);
    expect(log.map((r) => r.host).sort()).toEqual(HOSTS);
    const safe01 = log.find((r) => r.host === 'SAFE01')!;
    expect(safe01).toMatchObject({ command: 'apply', bindIdentity: 'Administrator@LAB.TEST', dc: dc().SAMBA_DC_URL, dn: hostDn('SAFE01'), uacBefore: 0x81000, uacAfter: 0x1001000, result: 'ok', removed: [] });
    expect(safe01.added).toHaveLength(7);
    expect(typeof safe01.time).toBe('string');

    // Someone else changes things after the apply: that stays.
    await modifyValues('SAFE02', 'add', ['cifs/isolib.lab.test']);

    const rolled = await cli(['rollback', file, '--yes']);
    expect(rolled.code).toBe(0);
    expect(rolled.stdout).toContain('Rolled back 3 hosts');
    // Values restored; unconstrained delegation (0x80000) is never put back.
    expect(await readHost('SAFE01')).toEqual({ values: [FOREIGN, 'CIFS/SAFE02'], uac: 0x1000 });
    await setUac('SAFE01', 0x81000);
    expect(await readHost('SAFE02')).toEqual({ values: ['cifs/isolib.lab.test'], uac: 0x1000 });
    await modifyValues('SAFE02', 'delete', ['cifs/isolib.lab.test']);
    expect(await fingerprint()).toBe(before);

    const again = await cli(['rollback', file, '--yes']);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('No changes.');
  });

  it('rollback leaves a UAC bit alone that someone changed since, and a value someone removed', async () => {
    const applied = await cli(['apply', ...HOSTS, '--mode', 'any-protocol', '--yes']);
    expect(applied.code).toBe(0);
    const file = backupIn(applied);
    await setUac('SAFE02', 0x1000); // another admin went back to Kerberos only
    await modifyValues('SAFE03', 'delete', [`cifs/${fqdnOf('SAFE01')}`]);
    const r = await cli(['rollback', file, '--yes']);
    expect(r.code).toBe(0);
    expect((await readHost('SAFE02')).uac).toBe(0x1000);
    expect((await readHost('SAFE03')).values).toEqual([]);
  });

  it('no backup, no write: an unwritable backup directory stops apply before the directory is touched', async () => {
    const before = await fingerprint();
    const r = await cli(['apply', ...HOSTS, '--yes', '--backup-dir', '/etc/hostname/backups']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/cannot write the (backup in \/etc\/hostname\/backups|backup directory \/etc\/hostname\/backups|change log) .*nothing was written to the directory/);
    expect(await fingerprint()).toBe(before);
  });

  it('a run refused for its backup key writes nothing, and creates nothing where the records go', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'kcdmesh-refused-')), 'backups');
    const keyFile = `${dir}.key`;
    writeFileSync(keyFile, 'too short', { mode: 0o600 });
    const before = await fingerprint();
    const r = await cli(['apply', ...HOSTS, '--yes'], { env: { KCDMESH_BACKUP_DIR: dir, KCDMESH_BACKUP_KEY_FILE: keyFile } });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/backup key file .* is not usable/);
    // the key is read before the pre-flight: the backup directory is not even made
    expect(existsSync(dir)).toBe(false);
    expect(await fingerprint()).toBe(before);
    // a key file that is not there is named as the key file, not as a password file
    const gone = await cli(['apply', ...HOSTS, '--yes'], { env: { KCDMESH_BACKUP_DIR: dir, KCDMESH_BACKUP_KEY_FILE: `${dir}.none` } });
    expect(gone.code).toBe(1);
    expect(gone.stderr).toContain(`error: cannot read backup key file ${dir}.none (no such file or directory, ENOENT)`);
    expect(gone.stderr).toContain('hint: make a key with head -c 32 /dev/urandom > FILE');
    expect(await fingerprint()).toBe(before);
  });
});

describe('rollback refuses a backup it cannot trust', () => {
  let file = '';
  beforeEach(async () => {
    const applied = await cli(['apply', ...HOSTS, '--yes']);
    expect(applied.code).toBe(0);
    file = backupIn(applied);
  });

  const variants: Array<[string, (text: string) => string, RegExp]> = [
    ['truncated', (t) => t.slice(0, Math.floor(t.length / 2)), /no checksum line \(truncated\?\)/],
    ['tampered', (t) => t.replace('CIFS/SAFE02', 'cifs/SAFE99'), /checksum mismatch/],
    ['not JSON at all', () => 'garbage\n', /no checksum line/],
  ];
  it.each(variants)('%s', async (_name, mutate, message) => {
    const bad = `${file}.bad`;
    writeFileSync(bad, mutate(readFileSync(file, 'utf8')));
    const before = await fingerprint();
    const r = await cli(['rollback', bad, '--yes']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).toContain('hint: give the backup file apply printed');
    expect(await fingerprint()).toBe(before);
  });

  it('a backup of another domain', async () => {
    const text = readFileSync(file, 'utf8');
    const body = text.split('\n{"sha256"')[0].replaceAll('DC=lab,DC=test', 'DC=other,DC=test');
    const { createHash } = await import('node:crypto');
    const other = `${file}.other`;
    writeFileSync(other, `${body}\n${JSON.stringify({ sha256: createHash('sha256').update(body).digest('hex') })}\n`);
    const before = await fingerprint();
    const r = await cli(['rollback', other, '--yes']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('is a backup of DC=other,DC=test, but');
    expect(await fingerprint()).toBe(before);
  });
});
