import { planFingerprint } from '../core/plan.js';
import type { HostRecord, Plan } from '../core/types.js';
import type { Directory } from '../directory/directory.js';
import { KcdmeshError } from '../errors.js';
import { VERSION } from '../version.js';
import { priorHosts, recordWritten, writeBackup } from '../safety/backup.js';
import { openChangeLog } from '../safety/change-log.js';
import type { Context } from './context.js';
import { partialFailure, writePlan, type HostResult } from './write.js';

export interface SafetyOptions {
  backupDir: string;
  changeLog: string;
}

/** The commands that write, as recorded in backups and the change log. */
export type WriteCommand = 'apply' | 'rollback' | 'onboard' | 'offboard';

export interface CommitRequest {
  command: WriteCommand;
  /** The plan as shown, and the hosts it was computed from. */
  plan: Plan;
  hosts: readonly HostRecord[];
  /** Read again and plan again, for when time passed at the prompt. */
  recheck: () => Promise<{ plan: Plan; hosts: readonly HostRecord[] }>;
  yes: boolean;
  parallel: number;
  safety: SafetyOptions;
}

export interface Committed {
  plan: Plan;
  results: HostResult[];
  backup: string;
}

/**
 * The one way kcdmesh writes: confirm (or --yes), make sure the plan still holds, open the change
 * log and flush a backup of every host it will touch, then one modify per host, each recorded.
 */
export async function commitPlan(ctx: Context, dir: Directory, req: CommitRequest): Promise<Committed> {
  const { io } = ctx;
  let { plan, hosts } = req;
  if (!req.yes) {
    if (!(await io.prompts.confirm(`Write these changes to ${dir.url}?`))) {
      throw new KcdmeshError(`${req.command} cancelled; nothing was written`, `run again and answer yes, or use --yes`);
    }
    // Time has passed while the plan was on screen: write only if it still holds.
    const again = await req.recheck();
    if (planFingerprint(again.plan) !== planFingerprint(plan)) {
      throw new KcdmeshError('the hosts changed in the directory since the plan was shown; nothing was written', 'run the command again and review the new plan');
    }
    ({ plan, hosts } = again);
  }
  // From here until the record is written, an interruption waits for this run to record what it sent.
  const release = io.interrupt?.hold() ?? (() => undefined);
  try {
    return await writeRecorded(ctx, dir, req, plan, hosts);
  } finally {
    release();
  }
}

async function writeRecorded(ctx: Context, dir: Directory, req: CommitRequest, plan: Plan, hosts: readonly HostRecord[]): Promise<Committed> {
  const { io, log } = ctx;
  const changeLog = await openChangeLog(req.safety.changeLog);
  let backup: string;
  try {
    backup = await writeBackup(req.safety.backupDir, {
      kind: 'kcdmesh-backup',
      formatVersion: 1,
      command: req.command,
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
    results = await writePlan(dir, plan, req.parallel, log, (h, r) =>
      changeLog.record({
        time: new Date().toISOString(),
        command: req.command,
        bindIdentity: dir.user,
        dc: dir.url,
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
      io.interrupt?.signal,
    );
  } finally {
    await changeLog.close();
  }
  try {
    await recordWritten(backup, results.filter((r) => r.status === 'written').map((r) => r.dn));
  } catch (err) {
    log.warn(`could not record which hosts were written beside ${backup} (${String(err)}); a rollback would consider every host in it`);
  }
  const logFailure = changeLog.failure();
  if (logFailure) {
    throw new KcdmeshError(`${logFailure.message}; the hosts were written as reported above and are recorded beside ${backup}`, `${logFailure.hint}; then check the directory with kcdmesh verify`);
  }
  const failure = partialFailure(results, req.command);
  if (failure) throw new KcdmeshError(failure.message, `${failure.hint}; the backup of the hosts' prior state is ${backup}`);
  return { plan, results, backup };
}
