import { constants } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { fsReason } from '../render/fs-reason.js';
import { decodeText } from './decode.js';
import { FILE_KINDS, READ_TIMEOUT_MS, formatBytes, type FileKind } from './file-kinds.js';
import { fileTypeWord } from './file-type.js';
import { FileReadError } from './read-errors.js';

export interface ReadOptions {
  timeoutMs?: number;
  maxBytes?: number;
}

/**
 * O_NONBLOCK makes open() of a FIFO return at once instead of waiting for a writer, so fstat can
 * refuse it. Windows has no O_NONBLOCK (the constant is undefined) and no FIFOs in the file system:
 * there the flag is simply left out.
 */
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOCTTY ?? 0);

async function readCapped(fh: FileHandle, path: string, kind: FileKind, max: number): Promise<Buffer> {
  const rule = FILE_KINDS[kind];
  const st = await fh.stat();
  if (!st.isFile()) {
    throw new FileReadError('not-regular', `cannot read ${rule.label} ${path}: it is a ${fileTypeWord(st)}, not a regular file`, rule.hint);
  }
  const tooLarge = (): FileReadError => new FileReadError('too-large', `${rule.label} ${path} is larger than ${formatBytes(max)}, more than any real ${rule.label}`, rule.hint);
  if (st.size > max) throw tooLarge();
  // The size can lie (files under /proc say 0, a file can grow): read at most max + 1 bytes whatever it says.
  const buf = Buffer.alloc(Math.min(max + 1, Math.max(st.size + 1, 64 * 1024)));
  let chunks: Buffer[] = [];
  let total = 0;
  for (;;) {
    const { bytesRead } = await fh.read(buf, 0, buf.length, null);
    if (bytesRead === 0) break;
    total += bytesRead;
    if (total > max) throw tooLarge();
    chunks.push(Buffer.from(buf.subarray(0, bytesRead)));
  }
  const out = Buffer.concat(chunks, total);
  chunks = [];
  return out;
}

/** The bytes of a regular file of sane size, read within a time limit; anything else is a FileReadError. */
export async function readFileBytes(path: string, kind: FileKind, opts: ReadOptions = {}): Promise<Buffer> {
  const rule = FILE_KINDS[kind];
  const max = opts.maxBytes ?? rule.maxBytes;
  const ms = opts.timeoutMs ?? READ_TIMEOUT_MS;
  let fh: FileHandle | null = null;
  let timer: NodeJS.Timeout | undefined;
  const work = (async () => {
    try {
      fh = await open(path, OPEN_FLAGS);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      const kindOf = code === 'ENOENT' ? 'not-found' : code === 'EACCES' || code === 'EPERM' ? 'denied' : 'io';
      throw new FileReadError(kindOf, `cannot read ${rule.label} ${path} (${fsReason(err)})`, rule.hint);
    }
    try {
      return await readCapped(fh, path, kind, max);
    } catch (err) {
      if (err instanceof FileReadError) throw err;
      throw new FileReadError('io', `cannot read ${rule.label} ${path} (${fsReason(err)})`, rule.hint);
    }
  })();
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new FileReadError('timeout', `reading ${rule.label} ${path} took more than ${ms / 1000} s`, `${rule.hint}; a hung network mount or a special file does this`)), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
    // The read may still be pending after a timeout: close when it settles, never leak the descriptor.
    work.catch(() => undefined).finally(() => (fh as FileHandle | null)?.close().catch(() => undefined));
  }
}

/** A text file as editors save it (UTF-8 with or without BOM, UTF-16 with BOM, CRLF), newlines as LF. */
export async function readTextFile(path: string, kind: FileKind, opts: ReadOptions = {}): Promise<string> {
  const bytes = await readFileBytes(path, kind, opts);
  const decoded = decodeText(bytes);
  if (!decoded.ok) {
    const rule = FILE_KINDS[kind];
    throw new FileReadError('encoding', `cannot read ${rule.label} ${path}: ${decoded.reason}`, `save it as UTF-8 (or UTF-16 with a byte-order mark); ${rule.hint}`);
  }
  return decoded.text;
}
