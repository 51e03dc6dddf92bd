import { dnKey } from '../core/keys.js';
import { settleByReading, type Outcome } from '../core/intent-record.js';
import { parseHostNames } from '../core/names.js';
import type { HostPlan } from '../core/types.js';
import type { Directory } from '../directory/directory.js';
import { NotSentError } from '../errors.js';
import type { Logger } from '../ui/logger.js';

/** Opens a new connection with the same credentials, for when the run's own was lost. */
export type Reopen = () => Promise<Directory>;

async function readOutcomes(dir: Directory, hosts: readonly HostPlan[]): Promise<Map<string, Outcome>> {
  const found = await dir.findHosts(parseHostNames(hosts.map((h) => h.host)), dir.root.defaultNamingContext);
  const out = new Map<string, Outcome>();
  for (const h of hosts) {
    const now = found.find((f) => dnKey(f) === dnKey(h));
    // A host gone from the directory tells nothing about the modify: it stays unknown.
    if (now) out.set(dnKey(h), settleByReading({ dn: h.dn, host: h.host, add: h.add, remove: h.remove, uac: h.uac }, now));
  }
  return out;
}

/**
 * Settle modifies whose answer never came by reading the hosts again: on the run's connection
 * while it still serves, else on a new one. A modify is atomic, so a host holds all of it or none;
 * whatever cannot be read (the DC is still silent) stays unknown. Never throws.
 */
export async function settleUnknown(log: Logger, dir: Directory, reopen: Reopen | undefined, hosts: readonly HostPlan[]): Promise<Map<string, Outcome>> {
  if (hosts.length === 0) return new Map();
  try {
    return await readOutcomes(dir, hosts);
  } catch (err) {
    if (!(err instanceof NotSentError) || !reopen) {
      log.warn(`could not read the hosts again to settle their outcome (${err instanceof Error ? err.message : String(err)})`);
      return new Map();
    }
  }
  let other: Directory | null = null;
  try {
    other = await reopen();
    return await readOutcomes(other, hosts);
  } catch (err) {
    log.warn(`could not read the hosts again on a new connection to settle their outcome (${err instanceof Error ? err.message : String(err)})`);
    return new Map();
  } finally {
    await other?.close().catch(() => undefined);
  }
}
