import type { ChangeRecord } from '../core/change-record.js';
import { KcdmeshError } from '../errors.js';
import { openAppend, type AppendFile } from '../io/write-file.js';
import { FileWriteError } from '../io/write-errors.js';

export type { ChangeRecord };

export interface ChangeLog {
  record(r: ChangeRecord): void;
  /** Waits for every record to be on disk. Never throws: a failure is kept for `failure()`. */
  close(): Promise<void>;
  /** The first write that failed (a full disk), or null: the caller says so after recording the hosts. */
  failure(): KcdmeshError | null;
}

/**
 * Open (append) the change log, proving it writable before anything is sent to the directory: a
 * regular file of ours, never a link, a FIFO or /dev/full. Each record is appended and flushed in
 * order, several together when they wait for the disk at once; a failure later (the disk filled up)
 * is kept, never an unhandled 'error' event.
 */
export async function openChangeLog(file: string): Promise<ChangeLog> {
  let out: AppendFile;
  try {
    out = await openAppend(file, 'change log');
  } catch (err) {
    const e = err as KcdmeshError;
    throw new KcdmeshError(`${e.message}; nothing was written to the directory`, `${e.hint} (--change-log)`);
  }
  let last: Promise<void> = Promise.resolve();
  let failed: KcdmeshError | null = null;
  return {
    record(r) {
      if (failed) return;
      // In order; once one fails the later ones fail too (a log with a hole in it would mislead).
      last = out.append(`${JSON.stringify(r)}\n`).catch((err: unknown) => {
        failed ??= err instanceof FileWriteError ? err : new KcdmeshError(`cannot write the change log ${file} (${String(err)})`, 'free space, or give another --change-log');
      });
    },
    async close() {
      await last;
      await out.close();
    },
    failure: () => failed,
  };
}
