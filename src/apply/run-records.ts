import { basename } from 'node:path';
import type { SafetyOptions } from '../config/resolve.js';
import { crossCheck, type LoggedChange } from '../core/cross-check.js';
import { hostsToConsider } from '../core/intent-record.js';
import { dnKey } from '../core/keys.js';
import { UsageError } from '../errors.js';
import { FileReadError } from '../io/read-errors.js';
import { readTextFile } from '../io/read-file.js';
import type { Logger } from '../ui/logger.js';
import { loadBackup, loadWritten, writtenRecordPath, type Backup } from './backup.js';
import { loadBackupKey } from './backup-key.js';
import { intentPath, readIntentLog } from './intent-file.js';

export interface RunRecords {
  backup: Backup;
  /** DN keys of the hosts the run may have written; null: no record, every host in the backup. */
  considered: Set<string> | null;
}

/** The change log's records of one run (by the backup's base name); none when there is no change log. */
async function loggedChanges(file: string, backupName: string): Promise<LoggedChange[]> {
  let text: string;
  try {
    text = await readTextFile(file, 'record');
  } catch (err) {
    if (err instanceof FileReadError && err.code === 'not-found') return [];
    throw err;
  }
  const out: LoggedChange[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    try {
      const r = JSON.parse(line) as LoggedChange;
      if (typeof r.backup === 'string' && basename(r.backup) === backupName) out.push({ ...r, backup: backupName });
    } catch {
      // A torn last line after a crash: the other records still count.
    }
  }
  return out;
}

/**
 * A backup and the records of its run, checked against each other: the seal (with a key), then
 * the backup, the write-ahead record and the change log must tell the same run. Which hosts the
 * run may have written comes from the write-ahead record (every host whose outcome is not "not
 * written"), or from the written record of runs made before it existed.
 */
export async function loadRunRecords(log: Logger, file: string, safety: SafetyOptions): Promise<RunRecords> {
  const backup = await loadBackup(file, await loadBackupKey(safety.keyFile));
  const name = basename(file);
  const intent = await readIntentLog(file);
  const problems = crossCheck({ name, baseDn: backup.baseDn, hosts: backup.plan.hosts }, intent, await loggedChanges(safety.changeLog, name));
  if (problems.length) {
    throw new UsageError(
      `refusing this rollback: ${name} and the records of its run disagree: ${problems[0]}`,
      `${problems.length > 1 ? `also: ${problems.slice(1).join('; ')}; ` : ''}use the backup, ${basename(intentPath(file))} and the change log exactly as kcdmesh wrote them; nothing was written`,
    );
  }
  if (intent) {
    for (const p of intent.problems) log.warn(`${intentPath(file)}: ${p}`);
    return { backup, considered: new Set(hostsToConsider(intent).map(dnKey)) };
  }
  const written = await loadWritten(file);
  if (!written) log.warn(`no record of which hosts that run wrote (${intentPath(file)} or ${writtenRecordPath(file)}); considering every host in the backup`);
  return { backup, considered: written };
}
