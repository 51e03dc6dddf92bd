import { dnKey, sameDn } from '../core/keys.js';
import { parseHostNames } from '../core/names.js';
import type { RunEffect } from '../core/rollback.js';
import type { HostRecord } from '../core/types.js';
import type { Directory } from '../directory/directory.js';
import type { Logger } from '../ui/logger.js';

/**
 * The hosts an earlier run changed, as they are now. Only the hosts that run really wrote: a host
 * whose modify failed holds nothing of it to undo.
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
