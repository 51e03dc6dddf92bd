import { loadBackup, loadWritten, writtenRecordPath } from '../apply/backup.js';
import { assertCanConfirm, converge } from '../apply/converge.js';
import { sameDn } from '../core/keys.js';
import { computeRollbackPlan, runEffects } from '../core/rollback.js';
import { UsageError, type Outcome } from '../errors.js';
import { readRunHosts } from '../read/rollback.js';
import type { Context } from '../read/session.js';

/** Undo one apply from its backup: only what that run changed, and only where it still stands. */
export async function rollbackCommand(ctx: Context, file: string): Promise<Outcome> {
  const { write } = ctx.options;
  const backup = await loadBackup(file);
  assertCanConfirm(ctx, write.yes, 'rollback');
  const written = await loadWritten(file);
  if (!written) ctx.log.warn(`no record of which hosts that run wrote (${writtenRecordPath(file)}); considering every host in the backup`);
  return ctx.directory.use(async (dir, openOther): Promise<Outcome> => {
    if (!sameDn(backup.baseDn, dir.root.defaultNamingContext)) {
      throw new UsageError(`${file} is a backup of ${backup.baseDn}, but ${dir.url} serves ${dir.root.defaultNamingContext}`, 'connect to a DC of the domain the backup was taken from');
    }
    return converge(ctx, dir, {
      command: 'rollback',
      read: async () => {
        const { effects, hosts } = await readRunHosts(ctx.log, dir, runEffects(backup.plan), written);
        return { plan: computeRollbackPlan(effects, hosts, backup.plan), hosts, mappings: new Map() };
      },
      opts: write,
      doneText: (_after, { results }) => `Rolled back ${results.length} host${results.length === 1 ? '' : 's'} to their state before ${backup.createdAt}.\n`,
    }, openOther);
  });
}
