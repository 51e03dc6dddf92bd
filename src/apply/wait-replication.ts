import { sameDcName } from '../core/dcs.js';
import { dnKey, hostChanges } from '../core/keys.js';
import type { HostPlan, HostRecord } from '../core/types.js';
import { nextPoll, pendingOnDc, type DcWaitState } from '../core/wait.js';
import type { Directory } from '../directory/directory.js';
import { createProgress } from '../render/progress.js';
import type { OpenOther } from '../read/dcs.js';
import { dcReader, reasonOf, writableDcNames } from '../read/replication.js';
import type { Context } from '../read/session.js';

/** Time, injectable: tests run a long wait in no time. */
export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const SYSTEM_CLOCK: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

export interface WaitResult {
  ok: boolean;
  seconds: number;
  dcs: DcWaitState[];
}

export interface WaitSpec {
  /** The hosts the run wrote, as planned: what every DC must hold. */
  written: readonly HostPlan[];
  /** The same hosts as read after the write (their names and DNs, to find them on every DC). */
  hosts: readonly HostRecord[];
  seconds: number;
  intervalMs: number;
  clock?: Clock;
}

/**
 * After a verified write: read the written hosts from every other writable DC, round after round,
 * until each holds the change or the time is up. The DC written to holds it already (the write was
 * verified there). A DC that cannot be read is named and tried again next round; it never ends the wait early.
 */
export async function waitForReplication(ctx: Context, dir: Directory, openOther: OpenOther, spec: WaitSpec): Promise<WaitResult> {
  const clock = spec.clock ?? SYSTEM_CLOCK;
  const start = clock.now();
  const deadline = start + spec.seconds * 1000;
  const progress = createProgress(ctx.err, { quiet: ctx.options.quiet, hosts: null });
  const written = spec.written.filter(hostChanges);
  const keys = new Set(written.map(dnKey));
  const hosts = spec.hosts.filter((h) => keys.has(dnKey(h)));
  const names = await writableDcNames(dir);
  if (!names.some((n) => sameDcName(n, dir.root.dnsHostName))) names.unshift(dir.root.dnsHostName);
  const states = new Map<string, DcWaitState>(names.map((dc) => [dc, sameDcName(dc, dir.root.dnsHostName) || written.length === 0
    ? { dc, status: 'in-step', detail: [], seconds: 0 }
    : { dc, status: 'behind', detail: ['not read yet'] }]));
  const warned = new Set<string>();
  // One connection per DC for the whole wait, closed however it ends.
  const reader = dcReader(ctx.log, dir, openOther);
  try {
    for (;;) {
      for (const s of states.values()) {
        if (s.status === 'in-step') continue;
        let next: DcWaitState;
        try {
          const pending = pendingOnDc(written, await reader.read(s.dc, hosts));
          next = pending.length ? { dc: s.dc, status: 'behind', detail: pending } : { dc: s.dc, status: 'in-step', detail: [], seconds: (clock.now() - start) / 1000 };
        } catch (err) {
          next = { dc: s.dc, status: 'unreachable', detail: [reasonOf(err)] };
          if (!warned.has(s.dc)) ctx.log.warn(`${s.dc} could not be read (tried again until the wait ends): ${reasonOf(err)}`);
          warned.add(s.dc);
        }
        states.set(s.dc, next);
      }
      const all = [...states.values()];
      const step = nextPoll(all, clock.now(), deadline, spec.intervalMs);
      const elapsed = (clock.now() - start) / 1000;
      if (step.kind !== 'wait') return { ok: step.kind === 'done', seconds: elapsed, dcs: all };
      const held = all.filter((s) => s.status === 'in-step').length;
      const waiting = all.filter((s) => s.status !== 'in-step').map((s) => `${s.dc}${s.status === 'unreachable' ? ' (not reached)' : ''}`);
      progress.step(`waiting for replication: ${held} of ${all.length} writable DCs hold the change; waiting for ${waiting.join(', ')} (${Math.round(elapsed)} s of ${spec.seconds})`);
      await clock.sleep(step.ms);
    }
  } finally {
    await reader.close();
  }
}
