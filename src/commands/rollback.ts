import { parseHostNames } from '../core/names.js';
import { isEmptyPlan } from '../core/plan.js';
import { computeRollbackPlan, runEffects, type RunEffect } from '../core/rollback.js';
import type { HostRecord, Plan } from '../core/types.js';
import { DEFAULTS } from '../config/options.js';
import { anyDcFilter } from '../directory/filter.js';
import { rollbackPlanProblems } from '../safety/rollback-guard.js';
import type { Directory } from '../directory/directory.js';
import { UsageError } from '../errors.js';
import { loadBackup, loadWritten, writtenRecordPath, type Backup } from '../safety/backup.js';
import { withDirectory, type Context, type Outcome } from './context.js';
import { assertCanConfirm, converge, type WriteOptions } from './converge.js';
import type { MeshState } from './mesh.js';

async function readRollback(ctx: Context, dir: Directory, backup: Backup, written: Set<string> | null): Promise<MeshState> {
  // Only the hosts that run really wrote: a host whose modify failed holds nothing of it to undo.
  const effects = runEffects(backup.plan).filter((e) => !written || written.has(e.dn.toLowerCase()));
  const found = effects.length ? await dir.findHosts(parseHostNames(effects.map((e) => e.name)), dir.root.defaultNamingContext) : [];
  const hosts = found.filter((h) => effects.some((e) => e.dn.toLowerCase() === h.dn.toLowerCase()));
  for (const e of effects) {
    if (!hosts.some((h) => h.dn.toLowerCase() === e.dn.toLowerCase())) ctx.log.warn(`${e.name} (${e.dn}) is no longer in the directory; nothing to restore there`);
  }
  const plan = computeRollbackPlan(effects, hosts, backup.plan);
  await guardRollback(dir, plan, effects, hosts, backup);
  return { plan, hosts, mappings: new Map() };
}

/**
 * A backup is a file anyone with access to it can edit and re-checksum: the plan it yields is held
 * to what apply could have written, with the domain controllers as the directory lists them.
 */
async function guardRollback(dir: Directory, plan: Plan, effects: RunEffect[], hosts: readonly HostRecord[], backup: Backup): Promise<void> {
  if (isEmptyPlan(plan)) return;
  const dcs = await dir.searchHosts(dir.root.defaultNamingContext, anyDcFilter());
  const problems = rollbackPlanProblems(plan, effects, {
    baseDn: dir.root.defaultNamingContext,
    uacByDn: new Map(hosts.map((h) => [h.dn.toLowerCase(), h.userAccountControl])),
    dcNames: new Set(dcs.flatMap((d) => [d.name, d.fqdn ?? '']).filter((n) => n !== '').map((n) => n.toLowerCase())),
  }, { services: backup.plan.services, maxValues: DEFAULTS.maxValues });
  if (problems.length) {
    throw new UsageError(`refusing this rollback: it would write what apply never writes: ${problems[0]}`, `${problems.length > 1 ? `also: ${problems.slice(1).join('; ')}; ` : ''}use only backups kcdmesh wrote, unmodified; nothing was written`);
  }
}

/** Undo one apply from its backup: only what that run changed, and only where it still stands. */
export async function rollbackCommand(ctx: Context, file: string, opts: WriteOptions): Promise<Outcome> {
  const backup = await loadBackup(file);
  assertCanConfirm(ctx, opts.yes, 'rollback');
  const written = await loadWritten(file);
  if (!written) ctx.log.warn(`no record of which hosts that run wrote (${writtenRecordPath(file)}); considering every host in the backup`);
  return withDirectory(ctx, async (dir): Promise<Outcome> => {
    if (backup.baseDn.toLowerCase() !== dir.root.defaultNamingContext.toLowerCase()) {
      throw new UsageError(`${file} is a backup of ${backup.baseDn}, but ${dir.url} serves ${dir.root.defaultNamingContext}`, 'connect to a DC of the domain the backup was taken from');
    }
    return converge(ctx, dir, {
      command: 'rollback',
      read: () => readRollback(ctx, dir, backup, written),
      opts,
      doneText: (_after, { results }) => `Rolled back ${results.length} host${results.length === 1 ? '' : 's'} to their state before ${backup.createdAt}.\n`,
    });
  });
}
