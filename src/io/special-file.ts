import { constants, lstatSync } from 'node:fs';
import { UsageError } from '../errors.js';
import { fileTypeWord } from './file-type.js';
import { kernelFsOfSync, kernelFsWords } from './kernel-fs.js';

/**
 * Flags for opening a file kcdmesh appends to synchronously (the log file): never through a link,
 * and never waiting for a reader (O_NONBLOCK: a FIFO fails with ENXIO instead of hanging).
 * Both are absent on Windows and left out there.
 */
export const SYNC_APPEND_FLAGS = constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0);

/** Refuse, before opening, a path that is a link, anything but a regular file, or on /proc or /sys (absent is fine). */
export function refuseSpecialSync(path: string, label: string, hint: string): void {
  const kernel = kernelFsOfSync(path);
  if (kernel) throw new UsageError(`refusing to write the ${label} ${path}: ${kernelFsWords(kernel)}`, hint);
  let st;
  try {
    st = lstatSync(path);
  } catch {
    return;
  }
  if (st.isSymbolicLink()) throw new UsageError(`refusing to write the ${label} ${path}: it is a symbolic link`, hint);
  if (!st.isFile()) throw new UsageError(`refusing to write the ${label} ${path}: it is a ${fileTypeWord(st)}, not a regular file`, hint);
}
