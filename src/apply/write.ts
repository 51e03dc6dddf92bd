import { inFlight } from '../core/in-flight.js';
import { hostChanges } from '../core/keys.js';
import type { HostPlan, Plan } from '../core/types.js';
import type { Directory } from '../directory/directory.js';
import { outcomeOfFailure } from '../core/intent-record.js';
import { KcdmeshError, NotSentError, PartialWriteError } from '../errors.js';
import type { Logger } from '../ui/logger.js';

export interface HostResult {
  host: string;
  dn: string;
  /** failed: surely not written (refused, or never sent); unknown: sent, and no answer came. */
  status: 'written' | 'failed' | 'unknown';
  added: number;
  removed: number;
  uac: boolean;
  error?: { message: string; hint: string };
  /** Never sent (interrupted, the connection lost before it, no intent on disk). */
  notSent?: true;
}

/** Around each modify: `before` puts the intent on disk (a failure there means the modify is not sent); `after` records the result. */
export interface WriteHooks {
  before?(h: HostPlan): Promise<void>;
  after?(h: HostPlan, r: HostResult): Promise<void>;
}

const names = (rs: readonly HostResult[]): string => rs.map((r) => r.host).join(', ') || 'none';

/** One error for a partly failed write: each host written, not written or unknown, and the first cause with its hint. */
export function partialFailure(results: readonly HostResult[], command = 'apply'): PartialWriteError | null {
  const failed = results.filter((r) => r.status !== 'written');
  if (failed.length === 0) return null;
  const written = results.filter((r) => r.status === 'written');
  const notWritten = results.filter((r) => r.status === 'failed');
  const unknown = results.filter((r) => r.status === 'unknown');
  const first = failed[0].error ?? { message: 'unknown error', hint: 'run again with -v for details' };
  const unknownPart = unknown.length ? `; outcome unknown: ${names(unknown)}` : '';
  return new PartialWriteError(
    `${command} wrote ${written.length} of ${results.length} hosts (written: ${names(written)}; not written: ${names(notWritten)}${unknownPart}): ${first.message}`,
    unknown.length
      ? `${first.hint}; a host whose outcome is unknown may hold the change: kcdmesh verify shows it, and a rollback of this run considers it`
      : `${first.hint}; a new run writes only what is still missing`,
    results.map((r) => ({ host: r.host, dn: r.dn, outcome: r.status === 'failed' ? 'not-written' : r.status })),
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
  hooks: WriteHooks = {},
  signal?: AbortSignal,
): Promise<HostResult[]> {
  // A cause that stops every host after it (an interruption, the records' disk full) is said once: the
  // hosts it stopped are named in the run's error line, and each one with -v.
  const said = new Set<string>();
  // Each host's failures end in its result (the hooks handle their own records: records.ts); should a lane
  // throw anyway, inFlight starts no further modify.
  return inFlight(plan.hosts.filter(hostChanges), parallel, async (h): Promise<HostResult> => {
    const base = { host: h.host, dn: h.dn, added: h.add.length, removed: h.remove.length, uac: h.uac !== null };
    let result: HostResult;
    try {
      // Interrupted (a signal, a closed stdout): no new modify is sent; those in flight finish and are recorded.
      if (signal?.aborted) throw new NotSentError('not sent: the run was interrupted', 'run the command again to write what is missing');
      try {
        await hooks.before?.(h);
      } catch (err) {
        // No intent on disk, no modify: a write the records do not know of would be unrecorded.
        throw new NotSentError(`not sent: its intent could not be put on disk first (${err instanceof Error ? err.message : String(err)})`, err instanceof KcdmeshError ? err.hint : 'free space where the backups go, then run again');
      }
      await dir.modifyHost({ dn: h.dn, add: h.add, remove: h.remove, uac: h.uac });
      log.info(`${h.host}: written (+${h.add.length} -${h.remove.length}${h.uac ? ', flags' : ''})`);
      result = { ...base, status: 'written' };
    } catch (err) {
      const e = err instanceof KcdmeshError ? err : new KcdmeshError(String(err), 'run again with -v for details');
      const status = outcomeOfFailure(err) === 'not-written' ? 'failed' : 'unknown';
      const line = `${h.host}: ${status === 'failed' ? 'not written' : 'outcome unknown (no answer)'}: ${e.message}`;
      if (err instanceof NotSentError && said.has(e.message)) log.debug(line);
      else log.error(line);
      if (err instanceof NotSentError) said.add(e.message);
      result = { ...base, status, error: { message: e.message, hint: e.hint }, ...(err instanceof NotSentError ? { notSent: true as const } : {}) };
    }
    await hooks.after?.(h, result);
    return result;
  });
}
