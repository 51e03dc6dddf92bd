import { parseHostNames } from '../core/names.js';
import { computeRollbackPlan, runEffects } from '../core/rollback.js';
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
  return { plan: computeRollbackPlan(effects, hosts, backup.plan), hosts, mappings: new Map() };
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
