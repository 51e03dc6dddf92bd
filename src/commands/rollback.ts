import { assertCanConfirm, converge } from '../apply/converge.js';
import { loadRunRecords } from '../apply/run-records.js';
import { sameDn } from '../core/keys.js';
import { runEffects } from '../core/rollback.js';
import { UsageError, type Outcome } from '../errors.js';
import { readRollback } from '../read/rollback.js';
import { reopenSameDc } from '../read/dcs.js';
import type { Context } from '../read/session.js';

/** Undo one apply from its backup: only what that run changed, and only where it still stands. */
export async function rollbackCommand(ctx: Context, file: string): Promise<Outcome> {
  const { write } = ctx.options;
  const { backup, considered } = await loadRunRecords(ctx.log, file, write.safety);
  assertCanConfirm(ctx, write.yes, 'rollback');
  return ctx.directory.use(async (dir, openOther): Promise<Outcome> => {
    if (!sameDn(backup.baseDn, dir.root.defaultNamingContext)) {
      throw new UsageError(`${file} is a backup of ${backup.baseDn}, but ${dir.url} serves ${dir.root.defaultNamingContext}`, 'connect to a DC of the domain the backup was taken from');
    }
    return converge(ctx, dir, {
      command: 'rollback',
      reopen: reopenSameDc(dir, openOther),
      read: (d) => readRollback(ctx.log, d, backup.plan, runEffects(backup.plan), considered),
      opts: write,
      doneText: (_after, { results }) => `Rolled back ${results.length} host${results.length === 1 ? '' : 's'} to their state before ${backup.createdAt}.\n`,
    }, openOther);
  });
}
