import { dnKey, spnKey } from './keys.js';
import type { HostPlan, HostRecord } from './types.js';
import { formatUac } from './uac.js';

/**
 * What a DC still lacks of a written plan: added values missing, removed values still there, a
 * userAccountControl other than the one written. Values nobody wrote in this run (another writer's)
 * are not looked at: the run proves its own change, not the whole attribute.
 */
export function pendingOnDc(written: readonly HostPlan[], seen: readonly HostRecord[]): string[] {
  const out: string[] = [];
  for (const h of written) {
    const host = seen.find((s) => dnKey(s) === dnKey(h));
    if (!host) {
      out.push(`${h.host}: not found`);
      continue;
    }
    const has = new Set(host.delegateTo.map(spnKey));
    for (const v of h.add) if (!has.has(spnKey(v))) out.push(`${h.host}: ${v} missing`);
    for (const v of h.remove) if (has.has(spnKey(v))) out.push(`${h.host}: ${v} still present`);
    if (h.uac && host.userAccountControl !== h.uac.to) out.push(`${h.host}: userAccountControl ${formatUac(host.userAccountControl)}, not ${formatUac(h.uac.to)}`);
  }
  return out;
}

/** One DC as a wait for replication last saw it. */
export interface DcWaitState {
  dc: string;
  status: 'in-step' | 'behind' | 'unreachable';
  /** behind: what it still lacks; unreachable: why it could not be read. */
  detail: string[];
  /** in-step: seconds from the start of the wait until it was first seen holding the change. */
  seconds?: number;
}

export type PollStep = { kind: 'done' } | { kind: 'timeout' } | { kind: 'wait'; ms: number };

/**
 * After a round of reads: done when every DC holds the change, timeout when the time is up,
 * else wait the interval (never past the deadline, so the last round happens at it).
 */
export function nextPoll(states: readonly DcWaitState[], now: number, deadline: number, intervalMs: number): PollStep {
  if (states.every((s) => s.status === 'in-step')) return { kind: 'done' };
  if (now >= deadline) return { kind: 'timeout' };
  return { kind: 'wait', ms: Math.max(0, Math.min(intervalMs, deadline - now)) };
}

/** The line a finished wait ends with. */
export function waitSummary(states: readonly DcWaitState[], seconds: number): string {
  const behind = states.filter((s) => s.status === 'behind').map((s) => s.dc);
  const unreachable = states.filter((s) => s.status === 'unreachable').map((s) => s.dc);
  if (!behind.length && !unreachable.length) return `replication: all ${states.length} writable DCs hold the change (${seconds.toFixed(1)} s)`;
  const parts = [behind.length ? `still behind: ${behind.join(', ')}` : '', unreachable.length ? `not reached: ${unreachable.join(', ')}` : ''].filter(Boolean);
  return `replication: not every writable DC holds the change after ${seconds.toFixed(1)} s; ${parts.join('; ')}`;
}
