import { hostChanges } from '../core/keys.js';
import type { HostPlan, Plan } from '../core/types.js';
import type { Directory } from '../directory/directory.js';
import { KcdmeshError } from '../errors.js';
import type { Logger } from '../ui/logger.js';

export interface HostResult {
  host: string;
  dn: string;
  status: 'written' | 'failed';
  added: number;
  removed: number;
  uac: boolean;
  error?: { message: string; hint: string };
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

/** One error for a partly failed apply: who was written, who was not, and the first cause with its hint. */
export function partialFailure(results: readonly HostResult[], command = 'apply'): KcdmeshError | null {
  const failed = results.filter((r) => r.status === 'failed');
  if (failed.length === 0) return null;
  const written = results.filter((r) => r.status === 'written').map((r) => r.host);
  const first = failed[0].error ?? { message: 'unknown error', hint: 'run again with -v for details' };
  return new KcdmeshError(
    `${command} wrote ${written.length} of ${results.length} hosts (written: ${written.join(', ') || 'none'}; not written: ${failed.map((r) => r.host).join(', ')}): ${first.message}`,
    `${first.hint}; a new run writes only what is still missing`,
  );
}

/**
 * Send one modify per host that changes. A failed host does not stop the others: every modify is
 * whole, so the directory is left with each host either fully written or untouched.
 */
export async function writePlan(
  dir: Directory,
  plan: Plan,
  parallel: number,
  log: Logger,
  onResult: (h: HostPlan, r: HostResult) => void = () => undefined,
): Promise<HostResult[]> {
  return mapLimit(plan.hosts.filter(hostChanges), parallel, async (h): Promise<HostResult> => {
    const base = { host: h.host, dn: h.dn, added: h.add.length, removed: h.remove.length, uac: h.uac !== null };
    let result: HostResult;
    try {
      await dir.modifyHost({ dn: h.dn, add: h.add, remove: h.remove, uac: h.uac });
      log.info(`${h.host}: written (+${h.add.length} -${h.remove.length}${h.uac ? ', flags' : ''})`);
      result = { ...base, status: 'written' };
    } catch (err) {
      const e = err instanceof KcdmeshError ? err : new KcdmeshError(String(err), 'run again with -v for details');
      log.error(`${h.host}: not written: ${e.message}`);
      result = { ...base, status: 'failed', error: { message: e.message, hint: e.hint } };
    }
    onResult(h, result);
    return result;
  });
}
