import { DEFAULTS } from '../config/options.js';
import { dnKey, sameDn } from '../core/keys.js';
import { parseHostNames } from '../core/names.js';
import { computeRollbackPlan, type RunEffect } from '../core/rollback.js';
import { rollbackPlanProblems } from '../core/rollback-guard.js';
import type { MeshState } from '../core/state.js';
import type { HostRecord, Plan } from '../core/types.js';
import type { Directory } from '../directory/directory.js';
import { UsageError } from '../errors.js';
import type { Logger } from '../ui/logger.js';
import { nameKey } from '../core/keys.js';

/**
 * The hosts an earlier run changed, as they are now. Only the hosts that run may have written: a
 * host whose modify surely failed holds nothing of it to undo.
 */
export async function readRunHosts(log: Logger, dir: Directory, all: readonly RunEffect[], written: ReadonlySet<string> | null): Promise<{ effects: RunEffect[]; hosts: HostRecord[] }> {
  const effects = all.filter((e) => !written || written.has(dnKey(e)));
  const found = effects.length ? await dir.findHosts(parseHostNames(effects.map((e) => e.name)), dir.root.defaultNamingContext) : [];
  const hosts = found.filter((h) => effects.some((e) => sameDn(e, h)));
  for (const e of effects) {
    if (!hosts.some((h) => sameDn(h, e))) log.warn(`${e.name} (${e.dn}) is no longer in the directory; nothing to restore there`);
  }
  return { effects, hosts };
}

/** The rollback plan of one backed-up run, held to what apply could have written (see rollbackGuard). */
export async function readRollback(log: Logger, dir: Directory, runPlan: Plan, all: readonly RunEffect[], written: ReadonlySet<string> | null): Promise<MeshState> {
  const { effects, hosts } = await readRunHosts(log, dir, all, written);
  const plan = computeRollbackPlan(effects, hosts, runPlan);
  if (plan.hosts.length) await rollbackGuard(dir, plan, effects, hosts, runPlan);
  return { plan, hosts, mappings: new Map() };
}

/**
 * A backup is a file anyone with access to it can edit and re-checksum: the plan it yields is held
 * to what apply could have written, with the domain controllers as the directory lists them.
 */
async function rollbackGuard(dir: Directory, plan: Plan, effects: readonly RunEffect[], hosts: readonly HostRecord[], runPlan: Plan): Promise<void> {
  const dcs = await dir.readDomainControllers();
  const problems = rollbackPlanProblems(plan, effects, {
    baseDn: dir.root.defaultNamingContext,
    uacByDn: new Map(hosts.map((h) => [dnKey(h), h.userAccountControl])),
    dcNames: new Set(dcs.flatMap((d) => [d.name, d.fqdn ?? '']).filter((n) => n !== '').map(nameKey)),
  }, { services: runPlan.services, maxValues: DEFAULTS.maxValues });
  if (problems.length) {
    throw new UsageError(`refusing this rollback: it would write what apply never writes: ${problems[0]}`, `${problems.length > 1 ? `also: ${problems.slice(1).join('; ')}; ` : ''}use only backups kcdmesh wrote, unmodified; nothing was written`);
  }
}
