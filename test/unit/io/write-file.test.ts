import { execFileSync, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import { chmodSync, chownSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, statfsSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { ancestors, dirProblem } from '../../../src/io/dir-rule.js';
import { createExclusive, cutBack, openAppend, preflightWritable } from '../../../src/io/write-file.js';
import { open } from 'node:fs/promises';
import { FileWriteError } from '../../../src/io/write-errors.js';
import { refusal } from './refusal.js';

const tmp = mkdtempSync(join(tmpdir(), 'kcdmesh-write-'));

/**
 * Root reads and writes anything: a user without that power is played by nobody (65534), in a process
 * of its own that runs `source` (TypeScript importing from src/, bundled into `dir`) with the given arguments.
 */
async function nobodyRunning(dir: string, source: string): Promise<(...args: string[]) => SpawnSyncReturns<string>> {
  const script = join(dir, 'as-nobody.mjs');
  await build({ stdin: { contents: source, resolveDir: ROOT, loader: 'ts' }, outfile: script, bundle: true, format: 'esm', platform: 'node', target: 'node20', logLevel: 'silent' });
  return (...args) => spawnSync(process.execPath, [script, ...args], { uid: 65534, gid: 65534, encoding: 'utf8', timeout: 30000 });
}
const ROOT = fileURLToPath(new URL('../../..', import.meta.url));

const refused = (p: Promise<unknown>): Promise<FileWriteError> => refusal(p, FileWriteError);

describe('dirProblem', () => {
  const me = { uid: 1000, gid: 1000 };
  it.each([
    [0o40777, 0, 0, /writable by every user/, /chmod o-w/],
    [0o40775, 1000, 50, /writable by group 50/, /chmod g-w/],
    [0o40755, 1001, 1001, /belongs to another user \(uid 1001\)/, /directory of your own/],
  ])('refuses mode %o uid %d gid %d', (mode, uid, gid, why, fix) => {
    const p = dirProblem({ path: '/x', mode, uid, gid }, me)!;
    expect(p.why).toMatch(why);
    expect(p.fix).toMatch(fix);
  });
  it.each([
    [0o41777, 0, 0], // /tmp: sticky
    [0o40700, 1000, 1000],
    [0o40775, 1000, 1000], // our own user-private group
    [0o40755, 0, 0], // root's, not writable by us through mode bits
  ])('accepts mode %o uid %d gid %d', (mode, uid, gid) => expect(dirProblem({ path: '/x', mode, uid, gid }, me)).toBeNull());
  it('lists every directory up to the root', () => expect(ancestors('/a/b/c')).toEqual(['/a/b/c', '/a/b', '/a', '/']));
});

describe('createExclusive', () => {
  it('creates a 0600 file and never overwrites one', async () => {
    const p = join(tmp, 'sub', 'backup.json');
    await createExclusive(p, '{}\n', 'backup');
    expect(readFileSync(p, 'utf8')).toBe('{}\n');
    expect(lstatSync(p).mode & 0o777).toBe(0o600);
    expect((await refused(createExclusive(p, 'x', 'backup'))).code).toBe('exists');
    expect(readFileSync(p, 'utf8')).toBe('{}\n');
  });
  it('refuses to write through a link planted in advance', async () => {
    const target = join(tmp, 'victim');
    writeFileSync(target, 'keep');
    symlinkSync(target, join(tmp, 'planted.json'));
    await refused(createExclusive(join(tmp, 'planted.json'), 'x', 'backup'));
    expect(readFileSync(target, 'utf8')).toBe('keep');
  });
  it('refuses a directory every user can write, and says how to fix it', async () => {
    const open = join(tmp, 'open');
    mkdirSync(open);
    chmodSync(open, 0o777);
    const e = await refused(createExclusive(join(open, 'b.json'), 'x', 'backup'));
    expect(e.code).toBe('unsafe-dir');
    expect(e.message).toBe(`refusing to write the backup in ${open}: ${open} is writable by every user, so another user could replace what kcdmesh writes`);
    expect(e.hint).toBe(`chmod o-w ${open}, or choose a directory only you can write`);
    expect(readdirSync(open)).toEqual([]);
  });
  it('writes through a linked directory by where it leads: the link\'s own mode (0777) is no reason to refuse', async () => {
    const target = join(tmp, 'linked-target');
    mkdirSync(target, { mode: 0o700 });
    const link = join(tmp, 'linked');
    symlinkSync(target, link);
    await createExclusive(join(link, 'b.json'), '{}', 'backup');
    expect(readFileSync(join(target, 'b.json'), 'utf8')).toBe('{}');
  });

  it('refuses a linked directory that leads to one every user can write', async () => {
    const open = join(tmp, 'open-target');
    mkdirSync(open);
    chmodSync(open, 0o777);
    const link = join(tmp, 'to-open');
    symlinkSync(open, link);
    const e = await refused(createExclusive(join(link, 'b.json'), '{}', 'backup'));
    expect(e.message).toContain(`${open} is writable by every user`);
  });

  it('makes missing directories level by level, and fails at once where none can be made (under /proc)', async () => {
    const deep = join(tmp, 'a', 'b', 'c', 'backup.json');
    await createExclusive(deep, 'x', 'backup');
    expect(lstatSync(join(tmp, 'a', 'b')).mode & 0o777).toBe(0o700);
    if (process.platform === 'linux') {
      // Node's recursive mkdir spun here until the test's time ran out
      expect((await refused(createExclusive('/proc/kcdmesh-none/x/backup.json', 'x', 'backup'))).message).toContain('/proc/kcdmesh-none');
    }
  });
});

describe('openAppend', () => {
  it('appends to a file it owns and creates it 0600', async () => {
    const p = join(tmp, 'changes.log');
    const f = await openAppend(p, 'change log');
    await f.append('a\n');
    await f.append('b\n');
    await f.close();
    expect(readFileSync(p, 'utf8')).toBe('a\nb\n');
    expect(lstatSync(p).mode & 0o777).toBe(0o600);
  });
  it('puts lines asked for at once on disk whole and in the order asked', async () => {
    const p = join(tmp, 'many.log');
    const f = await openAppend(p, 'change log');
    const lines = Array.from({ length: 200 }, (_, i) => `${i} ${'x'.repeat(i * 37)}\n`);
    await Promise.all(lines.map((l) => f.append(l)));
    await f.close();
    expect(readFileSync(p, 'utf8')).toBe(lines.join(''));
  });
  it('starts its first line on a line of its own when the file does not end one (a line cut short before)', async () => {
    const p = join(tmp, 'torn.log');
    writeFileSync(p, '{"a":1}\n{"time":"2026-12-03T10:00:00.000Z","ho');
    const f = await openAppend(p, 'change log');
    await f.append('{"b":2}\n');
    await f.append('{"c":3}\n');
    await f.close();
    expect(readFileSync(p, 'utf8')).toBe('{"a":1}\n{"time":"2026-12-03T10:00:00.000Z","ho\n{"b":2}\n{"c":3}\n');
    // a file that ends its last line gets nothing added
    const whole = join(tmp, 'whole.log');
    writeFileSync(whole, '{"a":1}\n');
    const g = await openAppend(whole, 'change log');
    await g.append('{"b":2}\n');
    await g.close();
    expect(readFileSync(whole, 'utf8')).toBe('{"a":1}\n{"b":2}\n');
  });
  // Root reads any file: the user who made the file write-only is played by nobody (65534), in a process of its own.
  it('appends to a file of yours that you made write-only (0200), as before', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kcdmesh-wo-'));
    const p = join(dir, 'changes.log');
    writeFileSync(p, 'old\n');
    const asNobody = await nobodyRunning(dir, `import { openAppend } from './src/io/write-file.ts';\nconst f = await openAppend(process.argv[2], 'change log');\nawait f.append('new\\n');\nawait f.close();\n`);
    for (const x of [dir, p]) chownSync(x, 65534, 65534);
    chmodSync(dir, 0o700);
    chmodSync(p, 0o200);
    const r = asNobody(p);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(readFileSync(p, 'utf8')).toBe('old\n\nnew\n');
    // a write-only file cannot be looked at: its last line is ended whatever it ends with (an empty line, which readers skip)
    writeFileSync(p, 'torn');
    const again = asNobody(p);
    expect(again.status).toBe(0);
    expect(readFileSync(p, 'utf8')).toBe('torn\nnew\n');
  });
  it('cuts back a part it wrote only while the file ends with it', async () => {
    const p = join(tmp, 'cut.log');
    writeFileSync(p, 'a\nb-part');
    const fh = await open(p, 'a+');
    try {
      await cutBack(fh, Buffer.from('b-part'));
      expect(readFileSync(p, 'utf8')).toBe('a\n');
      // another writer's line came after the part: the file stays as it is
      writeFileSync(p, 'a\nb-partc\n');
      await cutBack(fh, Buffer.from('b-part'));
      expect(readFileSync(p, 'utf8')).toBe('a\nb-partc\n');
      // a part longer than the file: nothing to cut
      await cutBack(fh, Buffer.from('x'.repeat(100)));
      expect(readFileSync(p, 'utf8')).toBe('a\nb-partc\n');
    } finally {
      await fh.close();
    }
  });
  it.each([
    ['/dev/full', /it is a character device, not a regular file/],
    ['/dev/null', /it is a character device/],
  ])('refuses %s', async (p, why) => {
    expect((await refused(openAppend(p, 'change log'))).message).toMatch(why);
  });
  it('refuses a FIFO at once and a symbolic link', async () => {
    const fifo = join(tmp, 'fifo');
    execFileSync('mkfifo', [fifo]);
    const started = Date.now();
    expect((await refused(openAppend(fifo, 'change log'))).code).toBe('not-regular');
    expect(Date.now() - started).toBeLessThan(2000);
    symlinkSync(join(tmp, 'changes.log'), join(tmp, 'link.log'));
    expect((await refused(openAppend(join(tmp, 'link.log'), 'change log'))).code).toBe('link');
  });
  it('removes a file it could not finish (a full disk partway), leaving none cut short', async () => {
    const mnt = mkdtempSync(join(tmpdir(), 'kcdmesh-full-'));
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m,mode=0700', 'tmpfs', mnt]);
    try {
      const chunks = Array.from({ length: 8 }, () => Buffer.alloc(256 * 1024, 0x61));
      expect((await refused(createExclusive(join(mnt, 'backup.json'), chunks, 'backup'))).code).toBe('no-space');
      expect(readdirSync(mnt)).toEqual([]);
      // what fits is written whole
      await createExclusive(join(mnt, 'small.json'), chunks[0], 'backup');
      expect(lstatSync(join(mnt, 'small.json')).size).toBe(256 * 1024);
    } finally {
      execFileSync('umount', [mnt]);
    }
  });
  // A file system of its own (mounting needs root, as the lab does) with one page left: the kernel writes part of
  // a longer line and says so. Never skipped: without root the mount fails and says why.
  it('fails an append the disk takes only part of, and leaves the file in whole lines', async () => {
    const mnt = mkdtempSync(join(tmpdir(), 'kcdmesh-short-'));
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m,mode=0700', 'tmpfs', mnt]);
    const p = join(mnt, 'run.intent.jsonl');
    const f = await openAppend(p, 'write-ahead record');
    try {
      await f.append('{"type":"run"}\n');
      const filler = join(mnt, 'fill');
      try {
        for (let i = 0; i < 1000; i++) writeFileSync(filler, Buffer.alloc(4096), { flag: 'a' });
      } catch {
        // full
      }
      truncateSync(filler, Math.max(0, lstatSync(filler).size - 4096));
      const long = `{"type":"intent","add":["${'x'.repeat(12000)}"]}\n`;
      expect((await refused(f.append(long))).message).toMatch(/cannot write the write-ahead record .*(no space|ENOSPC)/);
      expect(readFileSync(p, 'utf8')).toBe('{"type":"run"}\n');
      // A short line would fit now; it is refused all the same: the record never has a hole in it.
      const short = '{"type":"outcome"}\n';
      const free = statfsSync(mnt);
      expect(free.bavail * free.bsize).toBeGreaterThan(short.length);
      expect((await refused(f.append(short))).message).toMatch(/no space|ENOSPC/);
      expect(readFileSync(p, 'utf8')).toBe('{"type":"run"}\n');
    } finally {
      await f.close();
      execFileSync('umount', [mnt]);
    }
  });
});

describe('preflightWritable', () => {
  it('passes for a safe directory and file, leaving no probe behind', async () => {
    const d = join(tmp, 'pre');
    await preflightWritable([{ label: 'backup directory', kind: 'dir', path: d }, { label: 'change log', kind: 'file', path: join(d, 'changes.log') }]);
    expect(readdirSync(d)).toEqual(['changes.log']);
  });
  it('fails on the first target that cannot be written, naming it', async () => {
    const e = await refused(preflightWritable([{ label: 'backup directory', kind: 'dir', path: join(tmp, 'ok') }, { label: 'change log', kind: 'file', path: '/dev/full' }]));
    expect(e.message).toMatch(/^refusing to write the change log \/dev\/full: it is a character device/);
  });
  // Root opens any directory: the user whose backup directory cannot be read (0300) is played by nobody (65534).
  it('refuses a backup directory that cannot be read, so cannot be flushed, naming it as given and leaving nothing in it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kcdmesh-wx-'));
    const backups = join(dir, 'b');
    mkdirSync(backups);
    const asNobody = await nobodyRunning(dir, `import { preflightWritable } from './src/io/write-file.ts';\ntry { await preflightWritable([{ label: 'backup directory', kind: 'dir', path: process.argv[2] }]); console.log('passed'); } catch (e) { console.log(e.message); }\n`);
    for (const x of [dir, backups]) chownSync(x, 65534, 65534);
    chmodSync(dir, 0o700);
    chmodSync(backups, 0o300);
    const r = asNobody(backups);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(new RegExp(`^cannot write the backup directory ${backups} \\(`));
    expect(readdirSync(backups)).toEqual([]);
    // readable again, it passes
    chmodSync(backups, 0o700);
    expect(asNobody(backups).stdout).toBe('passed\n');
  });
  it('refuses a file system without room, naming the file as given', async () => {
    const e = await refused(preflightWritable([{ label: 'backup directory', kind: 'dir', path: join(tmp, 'ok') }], Number.MAX_SAFE_INTEGER));
    expect(e.code).toBe('no-space');
    const d = join(tmp, 'room');
    const log = join(d, 'changes.log');
    const f = await refused(preflightWritable([{ label: 'change log', kind: 'file', path: log }], Number.MAX_SAFE_INTEGER));
    expect(f.message).toBe(`the change log ${log} is on a file system with less than ${Math.round(Number.MAX_SAFE_INTEGER / 1024 / 1024)} MiB free`);
  });

  it('refuses a path that is not a directory before asking who may write it (no chmod of /dev/null), and a loop of links', async () => {
    const dev = await refused(preflightWritable([{ label: 'backup directory', kind: 'dir', path: '/dev/null' }]));
    expect([dev.message, dev.hint]).toEqual(['refusing to write the backup directory /dev/null: it is a character device, not a directory', 'give a directory as the backup directory']);
    const file = join(tmp, 'plain');
    writeFileSync(file, '', { mode: 0o666 });
    chmodSync(file, 0o666);
    const log = await refused(preflightWritable([{ label: 'change log', kind: 'file', path: join(file, 'changes.log') }]));
    expect(log.message).toBe(`refusing to write the change log ${join(file, 'changes.log')}: ${file} is a regular file, not a directory`);
    const loop = join(tmp, 'loop');
    symlinkSync(loop, loop);
    const l = await refused(preflightWritable([{ label: 'backup directory', kind: 'dir', path: loop }]));
    expect(l.message).toBe(`refusing to write the backup directory ${loop}: its path goes round a loop of symbolic links`);
    const under = await refused(preflightWritable([{ label: 'backup directory', kind: 'dir', path: join(loop, 'a', 'b') }]));
    expect(under.message).toBe(`refusing to write the backup directory ${join(loop, 'a', 'b')}: its path goes round a loop of symbolic links`);
  });
});
