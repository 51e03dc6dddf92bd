import { parseHostNames } from '../core/names.js';
import { isEmptyPlan } from '../core/plan.js';
import { computeRollbackPlan, runEffects } from '../core/rollback.js';
import type { HostRecord, Plan } from '../core/types.js';
import type { Directory } from '../directory/directory.js';
import { KcdmeshError, UsageError } from '../errors.js';
import { renderJson } from '../render/json.js';
import { renderPlanText } from '../render/plan-text.js';
import { loadBackup, type Backup } from '../safety/backup.js';
import { assertCanConfirm, REPLICATION_NOTE, type WriteOptions } from './apply.js';
import { commitPlan } from './commit.js';
import { withDirectory, type Context, type Outcome } from './context.js';

async function readRollback(ctx: Context, dir: Directory, backup: Backup): Promise<{ plan: Plan; hosts: HostRecord[] }> {
  const effects = runEffects(backup.plan);
  const found = effects.length ? await dir.findHosts(parseHostNames(effects.map((e) => e.name)), dir.root.defaultNamingContext) : [];
  const hosts = found.filter((h) => effects.some((e) => e.dn.toLowerCase() === h.dn.toLowerCase()));
  for (const e of effects) {
    if (!hosts.some((h) => h.dn.toLowerCase() === e.dn.toLowerCase())) ctx.log.warn(`${e.name} (${e.dn}) is no longer in the directory; nothing to restore there`);
  }
  return { plan: computeRollbackPlan(effects, hosts, backup.plan), hosts };
}

/** Undo one apply from its backup: only what that run changed, and only where it still stands. */
export async function rollbackCommand(ctx: Context, file: string, opts: WriteOptions): Promise<Outcome> {
  const { io, style, flags } = ctx;
  const text = flags.output === 'text';
  const backup = await loadBackup(file);
  assertCanConfirm(ctx, opts.yes, 'rollback');
  return withDirectory(ctx, async (dir): Promise<Outcome> => {
    if (backup.baseDn.toLowerCase() !== dir.root.defaultNamingContext.toLowerCase()) {
      throw new UsageError(`${file} is a backup of ${backup.baseDn}, but ${dir.url} serves ${dir.root.defaultNamingContext}`, 'connect to a DC of the domain the backup was taken from');
    }
    const shown = await readRollback(ctx, dir, backup);
    if (text) io.stdout.write(renderPlanText(shown.plan, style));
    if (isEmptyPlan(shown.plan)) {
      if (!text) io.stdout.write(renderJson('rollback', { plan: shown.plan, results: [] }));
      return 'clean';
    }
    const again = () => readRollback(ctx, dir, backup);
    const { plan, results, backup: newBackup } = await commitPlan(ctx, dir, {
      command: 'rollback',
      plan: shown.plan,
      hosts: shown.hosts,
      recheck: again,
      yes: opts.yes,
      parallel: opts.parallel,
      safety: opts.safety,
    });
    const after = await again();
    if (!isEmptyPlan(after.plan)) throw new KcdmeshError('the directory does not hold the restored state after rollback', 'run kcdmesh rollback again to see what differs');
    if (text) io.stdout.write(`\nRolled back ${results.length} host${results.length === 1 ? '' : 's'} to their state before ${backup.createdAt}.\n${REPLICATION_NOTE}\n`);
    else io.stdout.write(renderJson('rollback', { plan, results, backup: newBackup }));
    return 'clean';
  });
}
