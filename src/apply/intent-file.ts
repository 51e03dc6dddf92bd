import { readTextFile } from '../io/read-file.js';
import { FileReadError } from '../io/read-errors.js';
import { openAppend, type AppendFile } from '../io/write-file.js';
import { formatLine, parseIntentRecord, type HostIntent, type IntentHeader, type IntentState, type Outcome, type OutcomeLine } from '../core/intent-record.js';

/** Beside the backup: `<backup>.intent.jsonl`. */
export function intentPath(backupFile: string): string {
  return `${backupFile.replace(/\.json$/, '')}.intent.jsonl`;
}

export interface IntentLog {
  readonly path: string;
  /** On disk (file and directory flushed) when it resolves: call before sending the host's modify. */
  intend(h: HostIntent): Promise<void>;
  settle(dn: string, outcome: Outcome, how: OutcomeLine['how'], error?: string): Promise<void>;
  close(): Promise<void>;
}

/** Create the record of one run (it must not exist) and write its header. */
export async function openIntentLog(backupFile: string, header: Omit<IntentHeader, 'type' | 'kind' | 'formatVersion'>): Promise<IntentLog> {
  const path = intentPath(backupFile);
  const file: AppendFile = await openAppend(path, 'write-ahead record', { mustBeNew: true });
  const now = (): string => new Date().toISOString();
  try {
    await file.append(formatLine({ type: 'run', kind: 'kcdmesh-intent', formatVersion: 1, ...header }));
  } catch (err) {
    await file.close();
    throw err;
  }
  // Lines go to disk in the order asked (hosts written in parallel get their intents on disk, and so
  // their modifies sent, in plan order), together when several wait for the disk at once.
  return {
    path,
    intend: (h) => file.append(formatLine({ type: 'intent', time: now(), ...h })),
    settle: (dn, outcome, how, error) => file.append(formatLine({ type: 'outcome', dn, outcome, how, time: now(), ...(error ? { error } : {}) })),
    close: () => file.close(),
  };
}

/** The record of a run, or null when there is none (runs before this format, or the file was removed). */
export async function readIntentLog(backupFile: string): Promise<IntentState | null> {
  try {
    return parseIntentRecord(await readTextFile(intentPath(backupFile), 'record'));
  } catch (err) {
    if (err instanceof FileReadError && err.code === 'not-found') return null;
    throw err;
  }
}
