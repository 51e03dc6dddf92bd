import { unlink } from 'node:fs/promises';
import { basename } from 'node:path';
import type { SafetyOptions, WriteOptions } from '../config/resolve.js';
import { dnKey } from '../core/keys.js';
import type { MeshState } from '../core/state.js';
import type { HostPlan, Plan } from '../core/types.js';
import type { Directory } from '../directory/directory.js';
import { KcdmeshError } from '../errors.js';
import { preflightWritable, type WriteTarget } from '../io/write-file.js';
import { FileWriteError } from '../io/write-errors.js';
import type { Hold } from '../read/session.js';
import type { Logger } from '../ui/logger.js';
import { VERSION } from '../version.js';
import { priorHosts, writeBackup } from './backup.js';
import { loadBackupKey } from './backup-key.js';
import { openChangeLog, type ChangeLog } from './change-log.js';
import { intentPath, openIntentLog, type IntentLog } from './intent-file.js';
import { settleUnknown, type Reopen } from './settle.js';
import { partialFailure, writePlan, type HostResult } from './write.js';

/** The commands that write, as recorded in backups and the change log. */
export type WriteCommand = 'apply' | 'rollback' | 'onboard' | 'offboard';

/** What a recorded write did: each host's result, and the backup of their prior state. */
export interface Committed {
  results: HostResult[];
  backup: string;
}

/**
 * Back up, then one modify per host with its intent on disk before it is sent and its outcome
 * after, each also in the change log; modifies whose answer never came are settled by reading the
 * hosts again. An interruption meanwhile stops new modifies and waits for the records.
 */
export async function recordedWrite(log: Logger, dir: Directory, command: WriteCommand, state: MeshState, opts: WriteOptions, interrupt?: Hold, reopen?: Reopen): Promise<Committed> {
  const release = interrupt?.hold() ?? (() => undefined);
  try {
    return await writeRecorded(log, dir, command, state, opts, interrupt?.signal, reopen);
  } finally {
    release();
  }
}

/** Everything the write path will write, proved writable (with room) before the first modify. */
function targets(safety: SafetyOptions): WriteTarget[] {
  return [
    { kind: 'dir', path: safety.backupDir, label: 'backup directory' },
    { kind: 'file', path: safety.changeLog, label: 'change log' },
    ...(safety.logFile ? [{ kind: 'file' as const, path: safety.logFile, label: 'log file' }] : []),
  ];
}

/**
 * The run's records, before its first modify: pre-flight, the change log, the backup, the write-ahead
 * record. Refused on the way, the run leaves no backup or record of its own behind: the ones it made are
 * removed. A change log it created stays (empty): another run sharing it may hold it open already.
 */
async function openRecords(dir: Directory, command: WriteCommand, state: MeshState, safety: SafetyOptions): Promise<{ changeLog: ChangeLog; backup: string; intent: IntentLog }> {
  // The key is read first: an unusable one stops the run before anything is created where the records go.
  const key = await loadBackupKey(safety.keyFile);
  try {
    await preflightWritable(targets(safety));
  } catch (err) {
    const e = err as KcdmeshError;
    throw new KcdmeshError(`${e.message}; nothing was written to the directory`, e.hint ?? 'give writable paths with --backup-dir and --change-log');
  }
  const changeLog = await openChangeLog(safety.changeLog);
  try {
    const createdAt = new Date().toISOString();
    const backup = await writeBackup(safety.backupDir, {
      kind: 'kcdmesh-backup',
      formatVersion: 1,
      command,
      createdAt,
      kcdmeshVersion: VERSION,
      dc: { url: dir.url, dnsHostName: dir.root.dnsHostName },
      baseDn: dir.root.defaultNamingContext,
      bindIdentity: dir.user,
      plan: state.plan,
      hosts: priorHosts(state.plan, state.hosts),
    }, key);
    try {
      const intent = await openIntentLog(backup, { backup: basename(backup), command, dc: dir.url, baseDn: dir.root.defaultNamingContext, createdAt });
      return { changeLog, backup, intent };
    } catch (err) {
      const e = err as KcdmeshError;
      // the record was created by this run unless another file was there already: then it is not ours
      if (!(err instanceof FileWriteError && err.code === 'exists')) await unlink(intentPath(backup)).catch(() => undefined);
      await unlink(backup).catch(() => undefined);
      throw new KcdmeshError(`${e.message}; nothing was written to the directory, and the backup ${backup} is removed`, e.hint ?? 'give a writable directory with --backup-dir');
    }
  } catch (err) {
    await changeLog.close();
    throw err;
  }
}

async function writeRecorded(log: Logger, dir: Directory, command: WriteCommand, state: MeshState, opts: WriteOptions, signal?: AbortSignal, reopen?: Reopen): Promise<Committed> {
  const { plan } = state;
  const { changeLog, backup, intent } = await openRecords(dir, command, state, opts.safety);
  log.info(`backup: ${backup}`);
  let recordFailure: KcdmeshError | null = null;
  const keep = (err: unknown): void => {
    recordFailure ??= err instanceof KcdmeshError ? err : new KcdmeshError(String(err), 'free space where the backups go');
  };
  const logChange = (h: HostPlan, r: HostResult): void =>
    changeLog.record({
      time: new Date().toISOString(),
      command,
      bindIdentity: dir.user,
      dc: dir.url,
      dcHost: dir.root.dnsHostName,
      host: h.host,
      dn: h.dn,
      added: h.add,
      removed: h.remove,
      uacBefore: h.uac?.from ?? null,
      uacAfter: h.uac?.to ?? null,
      result: r.status === 'written' ? 'ok' : r.status,
      ...(r.error ? { error: r.error.message } : {}),
      backup,
    });
  // Only a host whose intent is on disk gets an outcome line; one never sent has neither.
  const intended = new Set<string>();
  let results: HostResult[];
  try {
    results = await writePlan(dir, plan, opts.parallel, log, {
      before: async (h) => {
        await intent.intend({ dn: h.dn, host: h.host, add: [...h.add], remove: [...h.remove], uac: h.uac });
        intended.add(dnKey(h));
      },
      after: async (h, r) => {
        // An unknown outcome goes to the change log once it is settled (or known to stay unknown).
        if (r.status !== 'unknown') logChange(h, r);
        if (intended.has(dnKey(h))) await intent.settle(h.dn, r.status === 'failed' ? 'not-written' : r.status, howLearned(r), r.error?.message).catch(keep);
      },
    }, signal);
    results = await settle(log, dir, reopen, plan, results, intent, keep, logChange);
  } finally {
    await intent.close();
    await changeLog.close();
  }
  const failure = partialFailure(results, command);
  const logFailure = changeLog.failure();
  const record = recordFailure ?? logFailure;
  if (record) {
    // The hosts are on record as far as the disk allowed: a host with an intent and no outcome counts as unknown.
    const what = failure ? failure.message : `${command} wrote all ${results.length} hosts`;
    const logToo = recordFailure && logFailure ? `; the change log ${opts.safety.changeLog} lacks hosts too` : '';
    throw new KcdmeshError(`${record.message}${logToo}; ${what}; the hosts sent are in the write-ahead record ${intent.path}`, `${record.hint}; then check the directory with kcdmesh verify; kcdmesh rollback ${backup} considers every host in that record`);
  }
  if (failure) throw Object.assign(failure, { hint: `${failure.hint}; the backup of the hosts' prior state is ${backup}` });
  return { results, backup };
}

function howLearned(r: HostResult): 'answer' | 'no-answer' | 'not-sent' {
  if (r.status === 'unknown') return 'no-answer';
  return r.notSent ? 'not-sent' : 'answer';
}

/** Read again the hosts whose answer never came; record what the reading shows (or that it stays unknown). */
async function settle(
  log: Logger,
  dir: Directory,
  reopen: Reopen | undefined,
  plan: Plan,
  results: HostResult[],
  intent: IntentLog,
  keep: (err: unknown) => void,
  logChange: (h: HostPlan, r: HostResult) => void,
): Promise<HostResult[]> {
  const unknown = plan.hosts.filter((h) => results.some((r) => r.status === 'unknown' && dnKey(r) === dnKey(h)));
  if (unknown.length === 0) return results;
  const settled = await settleUnknown(log, dir, reopen, unknown);
  const out: HostResult[] = [];
  for (const r of results) {
    const h = unknown.find((u) => dnKey(u) === dnKey(r));
    if (!h) {
      out.push(r);
      continue;
    }
    const outcome = settled.get(dnKey(r)) ?? 'unknown';
    const { error, ...rest } = r;
    const now: HostResult = outcome === 'written' ? { ...rest, status: 'written' } : outcome === 'not-written' ? { ...rest, status: 'failed', ...(error ? { error } : {}) } : r;
    if (outcome !== 'unknown') {
      log.info(`${r.host}: read again: ${outcome === 'written' ? 'written' : 'not written'}`);
      await intent.settle(r.dn, outcome, 're-read').catch(keep);
    }
    logChange(h, now);
    out.push(now);
  }
  return out;
}
