import type { HostPlan, Plan } from '../core/types.js';
import type { Directory } from '../directory/directory.js';
import type { Logger } from '../ui/logger.js';

export interface HostResult {
  host: string;
  dn: string;
  status: 'written' | 'failed';
  added: number;
  removed: number;
  uac: boolean;
  error?: string;
}

/** Run `fn` over `items` with at most `limit` in flight, keeping the input order in the result. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

function changes(h: HostPlan): boolean {
  return h.add.length > 0 || h.remove.length > 0 || h.uac !== null;
}

/**
 * Send one modify per host that changes. A failed host does not stop the others: every modify is
 * whole, so the directory is left with each host either fully written or untouched.
 */
export async function writePlan(dir: Directory, plan: Plan, parallel: number, log: Logger): Promise<HostResult[]> {
  return mapLimit(plan.hosts.filter(changes), parallel, async (h): Promise<HostResult> => {
    const base = { host: h.host, dn: h.dn, added: h.add.length, removed: h.remove.length, uac: h.uac !== null };
    try {
      await dir.modifyHost({ dn: h.dn, add: h.add, remove: h.remove, uac: h.uac });
      log.info(`${h.host}: written (+${h.add.length} -${h.remove.length}${h.uac ? ', flags' : ''})`);
      return { ...base, status: 'written' };
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      log.error(`${h.host}: not written: ${message}`);
      return { ...base, status: 'failed', error: message };
    }
  });
}
