import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, rmdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { intentPath, readIntentLog } from '../../src/apply/intent-file.js';
import { hostsToConsider } from '../../src/core/intent-record.js';
import { backupOf, cli, createHosts, dc, fingerprint, hookModifies, readHost } from '../lab/lab.js';
import { FaultProxy } from '../lab/fault-proxy.js';

/**
 * Writes whose outcome the run cannot learn from the DC's answer, and records that cannot be
 * finished: the write-ahead record on disk tells the truth, and rollback undoes what was sent.
 */
const HOSTS = ['UNK01', 'UNK02'];

const valuesOf = async (names: readonly string[]): Promise<number[]> => Promise.all(names.map(async (h) => (await readHost(h)).values.length));

interface ChangeLine { host: string; result: string }
const changeLog = (dir: string): ChangeLine[] => readFileSync(join(dir, 'changes.log'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as ChangeLine);

describe('answers delayed past --timeout', () => {
  const proxy = new FaultProxy({ host: dc().SAMBA_DC_IP, port: 636 }, { mode: 'pass' });
  let url = '';
  let backups = '';
  beforeAll(async () => { url = `ldaps://localhost:${await proxy.listen('localhost')}`; });
  afterAll(() => proxy.close());
  beforeEach(async () => {
    await createHosts(HOSTS);
    backups = mkdtempSync(join(tmpdir(), 'kcdmesh-unknown-'));
    proxy.mode = 'pass';
  });

  /** Apply through the proxy; the DC's answers are held back from the first modify on. */
  const delayedApply = (after?: () => void): ReturnType<typeof cli> =>
    cli(['apply', ...HOSTS, '--yes', '--parallel', '1', '--url', url, '--timeout', '2'], {
      env: { KCDMESH_BACKUP_DIR: backups },
      wrap: (d) => hookModifies(d, { before: async (n) => { if (n === 1) { proxy.mode = 'delay'; proxy.delayMs = 5000; after?.(); } } }),
    });

  it('the DC stays silent: outcome unknown on record, exit 1 naming the hosts, and rollback undoes what the DC wrote', async () => {
    const before = await fingerprint();
    const r = await delayedApply();
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('apply wrote 0 of 2 hosts (written: none; not written: UNK02; outcome unknown: UNK01)');
    expect(r.stderr).not.toMatch(/\n\s+at |internal error/);
    // The DC did write the first host: its answer was only late.
    expect(await valuesOf(HOSTS)).toEqual([4, 0]);
    const file = backupOf(r);
    const record = (await readIntentLog(file))!;
    // UNK02's intent was on disk, then the lost connection kept its modify from being sent.
    expect(record.hosts.map((h) => [h.intent.host, h.outcome])).toEqual([['UNK01', 'unknown'], ['UNK02', 'not-written']]);
    expect(hostsToConsider(record).map((h) => h.host)).toEqual(['UNK01']);
    expect(changeLog(backups).map((l) => [l.host, l.result]).sort()).toEqual([['UNK01', 'unknown'], ['UNK02', 'failed']]);

    proxy.mode = 'pass';
    const back = await cli(['rollback', file, '--yes'], { env: { KCDMESH_BACKUP_DIR: backups } });
    expect(back.code).toBe(0);
    expect(await fingerprint()).toBe(before);
  });

  it('the DC answers again: the unknown outcome is settled "written" by reading the host on a new connection', async () => {
    const before = await fingerprint();
    // The first modify's answer is held (5 s, past the 2 s timeout); what comes after it flows again.
    const r = await delayedApply(() => { setTimeout(() => { proxy.mode = 'pass'; }, 1500).unref(); });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('UNK01: read again: written');
    expect(r.stderr).toContain('apply wrote 1 of 2 hosts (written: UNK01; not written: UNK02)');
    expect(await valuesOf(HOSTS)).toEqual([4, 0]);
    const file = backupOf(r);
    const lines = readFileSync(intentPath(file), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { type: string; outcome?: string; how?: string });
    expect(lines.filter((l) => l.type === 'outcome').map((l) => [l.outcome, l.how])).toEqual([['unknown', 'no-answer'], ['not-written', 'not-sent'], ['written', 're-read']]);
    expect(changeLog(backups).map((l) => [l.host, l.result]).sort()).toEqual([['UNK01', 'ok'], ['UNK02', 'failed']]);

    const json = await cli(['rollback', file, '--yes', '-o', 'json'], { env: { KCDMESH_BACKUP_DIR: backups } });
    expect(json.code).toBe(0);
    expect(await fingerprint()).toBe(before);
  });
  it('the last modify\'s answer is late, then written: settled and verified on a new connection, exit 0', async () => {
    // The run's own connection is given up on at the timeout; every host is written, so the run
    // ends as a clean apply: its re-read (and the check that nothing is left to do) goes over a new one.
    const r = await cli(['apply', ...HOSTS, '--yes', '--parallel', '1', '--url', url, '--timeout', '2'], {
      env: { KCDMESH_BACKUP_DIR: backups },
      wrap: (d) => hookModifies(d, { before: async (n) => { if (n === 2) { proxy.mode = 'delay'; proxy.delayMs = 5000; setTimeout(() => { proxy.mode = 'pass'; }, 1500).unref(); } } }),
    });
    expect(r.stderr).toContain('UNK02: read again: written');
    expect(r.stderr).toContain('was lost during the write; reading the hosts again on a new one');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Verified: 2 hosts, 2 directed pairs, every pair trusted both ways');
    expect(await valuesOf(HOSTS)).toEqual([4, 4]);
    expect(changeLog(backups).map((l) => [l.host, l.result]).sort()).toEqual([['UNK01', 'ok'], ['UNK02', 'ok']]);
  });
});

describe('the disk fills up partway through the run', () => {
  const HOSTS3 = ['FUL01', 'FUL02', 'FUL03'];
  let mnt = '';
  beforeAll(() => {
    // A small file system of its own (root in the lab): 20 MiB passes the 16 MiB pre-flight, then it is filled.
    mnt = mkdtempSync(join(tmpdir(), 'kcdmesh-full-'));
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=20m,mode=0700', 'tmpfs', mnt]);
  });
  afterAll(() => {
    execFileSync('umount', [mnt]);
    rmdirSync(mnt);
  });

  it('the change log cannot be written after the backup: every host written and on the write-ahead record, exit 1, one error line', async () => {
    await createHosts(HOSTS3);
    const before = await fingerprint();
    const filler = join(mnt, 'filler');
    const r = await cli(['apply', ...HOSTS3, '--yes', '--parallel', '1'], {
      env: { KCDMESH_BACKUP_DIR: mnt },
      // Inside the first modify, its intent on disk: the empty change log gets no block any more,
      // while the record's last block still has room for its few lines.
      wrap: (d) => hookModifies(d, { before: async (n) => { if (n === 1) fill(filler); } }),
    });
    expect(r.code).toBe(1);
    const errors = r.stderr.split('\n').filter((l) => l.startsWith('kcdmesh: error: '));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/change log .*(no space|ENOSPC)/i);
    expect(errors[0]).toContain('apply wrote all 3 hosts');
    expect(r.stderr).not.toMatch(/\n\s+at |internal error/);
    expect(await valuesOf(HOSTS3)).toEqual([8, 8, 8]);
    expect(readFileSync(join(mnt, 'changes.log'), 'utf8')).toBe('');
    const file = backupOf(r);
    const record = (await readIntentLog(file))!;
    expect(record.hosts.map((h) => [h.intent.host, h.outcome])).toEqual(HOSTS3.map((h) => [h, 'written']));

    rmSync(filler);
    const back = await cli(['rollback', file, '--yes'], { env: { KCDMESH_BACKUP_DIR: mnt } });
    expect(back.code).toBe(0);
    expect(await fingerprint()).toBe(before);
    expect(readdirSync(mnt).filter((f) => f.endsWith('.intent.jsonl'))).toHaveLength(2);
  });

  it('no room at the start: refused by the pre-flight with one line, nothing written, no backup', async () => {
    await createHosts(HOSTS3);
    const before = await fingerprint();
    const filler = join(mnt, 'filler');
    fill(filler);
    const files = readdirSync(mnt).length;
    const r = await cli(['apply', ...HOSTS3, '--yes'], { env: { KCDMESH_BACKUP_DIR: mnt } });
    rmSync(filler);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/kcdmesh: error: .*(less than 16 MiB free|no space).*nothing was written to the directory/i);
    expect(await fingerprint()).toBe(before);
    expect(readdirSync(mnt)).toHaveLength(files - 1);
  });
});

/** Fill the file system holding `file` to the last byte. */
function fill(file: string): void {
  const chunk = Buffer.alloc(1024 * 1024);
  try {
    for (let i = 0; i < 32; i++) writeFileSync(file, chunk, { flag: 'a' });
  } catch {
    // ENOSPC: nearly full; top up page by page.
  }
  const page = Buffer.alloc(4096);
  try {
    for (let i = 0; i < 10_000; i++) writeFileSync(file, page, { flag: 'a' });
  } catch {
    // full
  }
}
