import type { WriteOptions } from '../config/resolve.js';
import type { MeshState } from '../core/state.js';
import type { Plan } from '../core/types.js';
import type { Directory } from '../directory/directory.js';
import { KcdmeshError } from '../errors.js';
import type { Logger } from '../ui/logger.js';
import { VERSION } from '../version.js';
import { priorHosts, recordWritten, writeBackup } from './backup.js';
import { openChangeLog } from './change-log.js';
import { partialFailure, writePlan, type HostResult } from './write.js';

/** The commands that write, as recorded in backups and the change log. */
export type WriteCommand = 'apply' | 'rollback' | 'onboard' | 'offboard';

export interface Committed {
  plan: Plan;
  results: HostResult[];
  backup: string;
}

/**
 * Open the change log and flush a backup of every host the plan touches before anything is sent,
 * then one modify per host, each recorded, and note beside the backup which hosts were written.
 */
export async function recordedWrite(log: Logger, dir: Directory, command: WriteCommand, state: MeshState, opts: WriteOptions): Promise<Committed> {
  const { plan, hosts } = state;
  const changeLog = await openChangeLog(opts.safety.changeLog);
  let backup: string;
  try {
    backup = await writeBackup(opts.safety.backupDir, {
      kind: 'kcdmesh-backup',
      formatVersion: 1,
      command,
      createdAt: new Date().toISOString(),
      kcdmeshVersion: VERSION,
      dc: { url: dir.url, dnsHostName: dir.root.dnsHostName },
      baseDn: dir.root.defaultNamingContext,
      bindIdentity: dir.user,
      plan,
      hosts: priorHosts(plan, hosts),
    });
  } catch (err) {
    await changeLog.close();
    throw err;
  }
  log.info(`backup: ${backup}`);
  let results: HostResult[];
  try {
    results = await writePlan(dir, plan, opts.parallel, log, (h, r) =>
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
        result: r.status === 'written' ? 'ok' : 'failed',
        ...(r.error ? { error: r.error.message } : {}),
        backup,
      }),
    );
  } finally {
    await changeLog.close();
  }
  try {
    await recordWritten(backup, results.filter((r) => r.status === 'written').map((r) => r.dn));
  } catch (err) {
    log.warn(`could not record which hosts were written beside ${backup} (${String(err)}); a rollback would consider every host in it`);
  }
  const failure = partialFailure(results, command);
  if (failure) throw new KcdmeshError(failure.message, `${failure.hint}; the backup of the hosts' prior state is ${backup}`);
  return { plan, results, backup };
}
