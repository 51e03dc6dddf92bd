import { constants } from 'node:fs';
import { lstat, mkdir, open, realpath, rename, stat, statfs, unlink, type FileHandle } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { fsReason } from '../render/fs-reason.js';
import { ancestors, dirProblem } from './dir-rule.js';
import { fileTypeWord } from './file-type.js';
import { kernelFsOf, kernelFsWords } from './kernel-fs.js';
import { FileWriteError } from './write-errors.js';
import { groupCommit } from './group-commit.js';

/**
 * Files kcdmesh writes (backups, change log, intent record, log file): created by kcdmesh itself,
 * mode 0600, never through a link, flushed to disk together with their directory entry.
 *
 * Windows: O_NOFOLLOW and O_NONBLOCK do not exist there (the constants are undefined and are left
 * out), mode bits and uids mean nothing, and directories cannot be opened to be flushed: the
 * directory rule and the directory fsync are skipped; O_EXCL and the regular-file check remain.
 */
const POSIX = process.platform !== 'win32';
const NOFOLLOW = constants.O_NOFOLLOW ?? 0;
const NONBLOCK = constants.O_NONBLOCK ?? 0;

function me(): { uid: number; gid: number } | null {
  return POSIX && process.getuid && process.getgid ? { uid: process.getuid(), gid: process.getgid() } : null;
}

function ioError(label: string, path: string, err: unknown): FileWriteError {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOSPC' || code === 'EDQUOT') return new FileWriteError('no-space', `cannot write the ${label} ${path} (no space left on the device, ${code})`, 'free some space, or write it elsewhere');
  if (code === 'ELOOP') return new FileWriteError('link', `refusing to write the ${label} ${path}: it is a symbolic link`, 'remove the link; kcdmesh writes only files it created itself');
  const denied = `check that you may write ${path} and its directory, or give the ${label} another path`;
  const hint: Record<string, string> = {
    EACCES: denied,
    EPERM: denied,
    EIO: `the disk failed the write: check it, or give the ${label} a path on another disk`,
    EROFS: `give the ${label} a path on a file system you can write to`,
    EFBIG: `raise your limit on file size (ulimit -f), or give the ${label} a path on a file system that takes larger files`,
  };
  return new FileWriteError('io', `cannot write the ${label} ${path} (${fsReason(err)})`, hint[code ?? ''] ?? `give a ${label} path in a directory you can write to`);
}

/** Refuse a directory (and its parents) that other users can write; create it (0700) when missing. */
/**
 * mkdir -p, one level at a time: Node's recursive mkdir spins forever under /proc (a directory that
 * cannot be created there answers ENOENT again and again), this fails at once with the first error.
 */
async function makeDirs(abs: string): Promise<void> {
  const missing: string[] = [];
  for (let d = abs; !(await lstat(d).catch(() => null)); d = dirname(d)) {
    missing.push(d);
    if (dirname(d) === d) break;
  }
  for (const d of missing.reverse()) {
    await mkdir(d, { mode: 0o700 }).catch((err: NodeJS.ErrnoException) => {
      if (err.code !== 'EEXIST') throw err;
    });
  }
}

export async function ensureSafeDir(dir: string, label: string, forPath?: string): Promise<void> {
  const abs = resolve(dir);
  const named = forPath ?? dir;
  const loop = (err: unknown): boolean => (err as NodeJS.ErrnoException).code === 'ELOOP';
  const loopError = (): FileWriteError => new FileWriteError('link', `refusing to write the ${label} ${named}: its path goes round a loop of symbolic links`, 'mend or remove the link');
  try {
    await makeDirs(abs);
  } catch (err) {
    throw loop(err) ? loopError() : ioError(label, forPath ?? abs, err);
  }
  // Before the rule on who may write it: /dev/null "writable by every user" would ask for a chmod of it.
  const st = await stat(abs).catch((err: unknown) => {
    if (loop(err)) throw loopError();
    return null;
  });
  if (st && !st.isDirectory()) {
    const what = st.isFile() ? 'regular file' : fileTypeWord(st);
    throw new FileWriteError('not-regular', `refusing to write the ${label} ${named}: ${named === dir ? 'it' : dir} is a ${what}, not a directory`, named === dir ? `give a directory as the ${label}` : `give the ${label} a path in a directory`);
  }
  const id = me();
  if (!id) return;
  // A symbolic link's own mode (0777) says nothing: whoever may replace it writes its parent, checked
  // here too. Where the path goes through a link, the directories it leads to are checked as well.
  const real = await realpath(abs).catch(() => abs);
  const dirs = real === abs ? ancestors(abs) : [...ancestors(abs), ...ancestors(real)];
  for (const d of dirs) {
    const st = await lstat(d).catch(() => null);
    if (!st || st.isSymbolicLink()) continue;
    const problem = dirProblem({ path: d, mode: st.mode, uid: st.uid, gid: st.gid }, id);
    if (problem) throw new FileWriteError('unsafe-dir', `refusing to write the ${label} in ${abs}: ${problem.why}, so another user could replace what kcdmesh writes`, `${problem.fix}, or choose a directory only you can write`);
  }
}

/** Flush a directory so a file just created in it survives a crash. Not possible on Windows. */
export async function fsyncDir(dir: string): Promise<void> {
  if (!POSIX) return;
  const fh = await open(dir, constants.O_RDONLY);
  try {
    await fh.sync();
  } catch (err) {
    // Some file systems refuse fsync on a directory (EINVAL): the file itself is flushed already.
    if ((err as NodeJS.ErrnoException).code !== 'EINVAL') throw err;
  } finally {
    await fh.close();
  }
}

/**
 * Create `path` (which must not exist), write `data` (or its chunks, in order), flush file and directory.
 * A file that cannot be finished (a full disk partway) is removed: no backup or report is left cut short.
 */
export async function createExclusive(path: string, data: string | Uint8Array | Iterable<Uint8Array>, label: string): Promise<void> {
  await ensureSafeDir(dirname(path), label, path);
  let fh: FileHandle;
  try {
    fh = await open(path, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | NOFOLLOW, 0o600);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') throw new FileWriteError('exists', `refusing to write the ${label} ${path}: it exists already`, 'kcdmesh never overwrites a file; move it away or choose another name');
    throw ioError(label, path, err);
  }
  try {
    try {
      // writeFile on a handle writes from the current position: chunk after chunk, each written whole.
      if (typeof data === 'string' || data instanceof Uint8Array) await fh.writeFile(data);
      else for (const chunk of data) await fh.writeFile(chunk);
      await fh.sync();
    } finally {
      await fh.close().catch(() => undefined);
    }
    await fsyncDir(dirname(path));
  } catch (err) {
    // created by this call (O_EXCL), in a directory only we can write: ours to remove
    const removed = await unlink(path).then(() => true, () => false);
    const e = ioError(label, path, err);
    throw removed ? new FileWriteError(e.code, `${e.message}; what was written of it is removed`, e.hint) : e;
  }
}

/**
 * A file opened for appending: each append is on disk when it resolves, in the order asked. Once an
 * append has failed, every later one fails too (the file holds a prefix of what was asked).
 */
export interface AppendFile {
  readonly path: string;
  append(text: string): Promise<void>;
  /** After the appends asked for so far have settled. */
  close(): Promise<void>;
}

/**
 * Open `path` for appending, creating it (0600) if missing. Refused: a link (O_NOFOLLOW), anything
 * but a regular file (a FIFO, /dev/full), a file of another user, a directory others can write.
 */
export async function openAppend(path: string, label: string, opts: { mustBeNew?: boolean } = {}): Promise<AppendFile> {
  await ensureSafeDir(dirname(path), label, path);
  const before = await lstat(path).catch(() => null);
  // Looked at before opening: opening a FIFO for writing fails (ENXIO) or waits, and says nothing useful.
  if (before?.isSymbolicLink()) throw new FileWriteError('link', `refusing to write the ${label} ${path}: it is a symbolic link`, 'remove the link; kcdmesh writes only files it created itself');
  if (before && !before.isFile()) throw new FileWriteError('not-regular', `refusing to write the ${label} ${path}: it is a ${fileTypeWord(before)}, not a regular file`, `give the ${label} a path to a regular file`);
  const existed = before !== null;
  const flags = constants.O_APPEND | constants.O_CREAT | (opts.mustBeNew ? constants.O_EXCL : 0) | NOFOLLOW | NONBLOCK;
  let fh: FileHandle;
  // Read as well as appended: its last byte is looked at, and a part of a line left by a failed write is
  // read back through this handle (cutBack). A file of yours you made write-only is appended to without.
  let readable = true;
  try {
    fh = await open(path, constants.O_RDWR | flags, 0o600).catch(async (err: NodeJS.ErrnoException) => {
      if (err.code !== 'EACCES' || !existed) throw err;
      readable = false;
      return open(path, constants.O_WRONLY | flags, 0o600);
    });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') throw new FileWriteError('exists', `refusing to write the ${label} ${path}: it exists already`, 'kcdmesh never overwrites a file; move it away or choose another name');
    throw ioError(label, path, err);
  }
  let size = 0;
  try {
    const st = await fh.stat();
    size = st.size;
    if (!st.isFile()) throw new FileWriteError('not-regular', `refusing to write the ${label} ${path}: it is a ${fileTypeWord(st)}, not a regular file`, `give the ${label} a path to a regular file`);
    const kernel = await kernelFsOf(path);
    if (kernel) throw new FileWriteError('not-regular', `refusing to write the ${label} ${path}: ${kernelFsWords(kernel)}`, `give the ${label} a path to a regular file on a disk`);
    const id = me();
    if (id && st.uid !== id.uid) throw new FileWriteError('not-owner', `refusing to append to the ${label} ${path}: it belongs to another user (uid ${st.uid})`, 'choose a file of your own');
    if (!existed) await fsyncDir(dirname(path));
  } catch (err) {
    await fh.close().catch(() => undefined);
    throw err instanceof FileWriteError ? err : ioError(label, path, err);
  }
  // A file that does not end a line (one cut short by a crash, or left by another run): the first line
  // appended starts on a line of its own, so that it can be read. A file that cannot be read is given
  // that newline whatever it ends with (an empty line, which readers skip).
  let endLine = size > 0 && (!readable || !(await endsLine(fh, size)));
  // One write and one sync per batch of lines (group commit): each line is on disk when its append resolves.
  const commit = groupCommit(async (lines) => {
    const data = endLine ? Buffer.concat([NEWLINE, lines]) : lines;
    const done = { bytes: 0 };
    try {
      await writeAll(fh, data, done);
      await fh.datasync();
      endLine = false;
    } catch (err) {
      // Part of the batch on disk: cut it off, so the file stays in whole lines; only when the file ends
      // with that part (another run appending to the same change log meanwhile keeps its lines).
      if (done.bytes > 0 && readable) await cutBack(fh, data.subarray(0, done.bytes));
      throw ioError(label, path, err);
    }
  });
  return {
    path,
    append: (text) => commit.push(Buffer.from(text, 'utf8')),
    async close() {
      await commit.idle();
      await fh.close().catch(() => undefined);
    },
  };
}

const NEWLINE = Buffer.from('\n');

/** Whether the file's last byte ends a line (an unreadable byte counts as ending one: nothing is added). */
async function endsLine(fh: FileHandle, size: number): Promise<boolean> {
  const last = Buffer.alloc(1);
  const { bytesRead } = await fh.read(last, 0, 1, size - 1).catch(() => ({ bytesRead: 0 }));
  return bytesRead !== 1 || last[0] === 0x0a;
}

/**
 * Truncate the file by `part` when it ends with exactly those bytes, read back through `fh` (opened for
 * reading and appending); otherwise, or when it grows meanwhile (another run appending to the same
 * change log), leave it as it is. Without a lock the last check narrows the race, it cannot close it.
 * Windows: a handle opened for appending cannot truncate, so the part stays (a reader of the record
 * takes an unfinished last line for a cut-short one).
 */
export async function cutBack(fh: FileHandle, part: Buffer): Promise<void> {
  try {
    const { size } = await fh.stat();
    if (size < part.length) return;
    const tail = Buffer.alloc(part.length);
    const { bytesRead } = await fh.read(tail, 0, part.length, size - part.length);
    if (bytesRead !== part.length || !tail.equals(part)) return;
    if ((await fh.stat()).size !== size) return;
    await fh.truncate(size - part.length);
    await fh.datasync();
  } catch {
    // the file stays as it is
  }
}

/**
 * Every byte of `data`, or an error: a write to a nearly full disk takes what fits and says how much (no
 * error), and the rest is written again, which then fails with ENOSPC.
 */
async function writeAll(fh: FileHandle, data: Buffer, done: { bytes: number }): Promise<void> {
  while (done.bytes < data.length) {
    const { bytesWritten } = await fh.write(data, done.bytes, data.length - done.bytes);
    if (bytesWritten <= 0) throw Object.assign(new Error('no space left on the device'), { code: 'ENOSPC' });
    done.bytes += bytesWritten;
  }
}

export interface WriteTarget {
  label: string;
  /** A directory where kcdmesh will create files, or a file it will append to. */
  kind: 'dir' | 'file';
  path: string;
}

/** Room that must be free wherever kcdmesh writes during a run: backups and records of a big run, with a margin. */
export const MIN_FREE_BYTES = 16 * 1024 * 1024;

/** Room where `path` is (a directory), said of `named` (the path as the user gave it). */
async function checkSpace(path: string, label: string, need: number, named = path): Promise<void> {
  const fs = await statfs(path).catch(() => null);
  if (fs && fs.bavail * fs.bsize < need) {
    throw new FileWriteError('no-space', `the ${label} ${named} is on a file system with less than ${Math.round(need / 1024 / 1024)} MiB free`, 'free some space, or write it elsewhere');
  }
}

/**
 * Whether kcdmesh may create files in `dir` (a safe directory, created when missing) and flush its
 * entries: a probe file is created there as a backup would be, then removed, and the directory is opened
 * as its flush opens it (a directory you may write but not read cannot be flushed). Nothing is flushed:
 * the probe is not kept, and a sync would wait for whatever else the disk is writing.
 */
async function probeDir(dir: string, label: string): Promise<void> {
  const probe = resolve(dir, `.kcdmesh-probe-${randomBytes(4).toString('hex')}`);
  // Said of the directory as given: the probe's name means nothing to the user.
  await ensureSafeDir(dir, label, dir);
  try {
    const fh = await open(probe, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | NOFOLLOW, 0o600);
    await fh.close().catch(() => undefined);
    await unlink(probe).catch(() => undefined);
    if (POSIX) await (await open(dir, constants.O_RDONLY)).close();
  } catch (err) {
    throw ioError(label, dir, err);
  }
}

/**
 * Before the first modify: everything the write path will write is writable, safe and has room.
 * Creates a probe file in each directory (and removes it), opens each file for appending. A change log
 * it creates stays, empty, should the run stop: another run sharing it may have opened it meanwhile.
 */
export async function preflightWritable(targets: readonly WriteTarget[], minFree = MIN_FREE_BYTES): Promise<void> {
  for (const t of targets) {
    if (t.kind === 'dir') {
      await probeDir(t.path, t.label);
      await checkSpace(t.path, t.label, minFree);
    } else {
      const f = await openAppend(t.path, t.label);
      await f.close();
      await checkSpace(dirname(resolve(t.path)), t.label, minFree, t.path);
    }
  }
}


/**
 * Replace the file at `path` (a report the user asked for, rewritten on every run): written to a new
 * file beside it, then renamed over it. A link at `path` is replaced, never followed; a FIFO, a device
 * or a directory there is refused.
 */
export async function replaceFile(path: string, data: string, label: string): Promise<void> {
  const before = await lstat(path).catch(() => null);
  if (before && !before.isFile() && !before.isSymbolicLink()) {
    throw new FileWriteError('not-regular', `refusing to write the ${label} ${path}: it is a ${fileTypeWord(before)}, not a regular file`, `give the ${label} a path to a regular file`);
  }
  const temp = resolve(dirname(path), `.${randomBytes(6).toString('hex')}.kcdmesh-tmp`);
  await createExclusive(temp, data, label);
  try {
    await rename(temp, path);
  } catch (err) {
    await unlink(temp).catch(() => undefined);
    throw ioError(label, path, err);
  }
  await fsyncDir(dirname(resolve(path))).catch(() => undefined);
}
