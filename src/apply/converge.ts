import type { WriteOptions } from '../config/resolve.js';
import { assertWritable, isEmptyPlan, planFingerprint } from '../core/plan.js';
import type { MeshState } from '../core/state.js';
import type { HostPlan, Plan } from '../core/types.js';
import type { Directory } from '../directory/directory.js';
import { CancelledError, KcdmeshError, NotSentError, StalePlanError, UsageError, type Outcome } from '../errors.js';
import { jsonChunks } from '../render/json.js';
import { planTextPieces } from '../render/plan-text.js';
import { renderWaitText } from '../render/wait-text.js';
import type { OpenOther } from '../read/dcs.js';
import type { Context } from '../read/session.js';
import { DEFAULTS } from '../config/options.js';
import type { Reopen } from './settle.js';
import { recordedWrite, type Committed, type WriteCommand } from './records.js';
import { waitForReplication, type WaitResult } from './wait-replication.js';

export const REPLICATION_NOTE =
  'Changes reach the hosts after replication to their DCs and a new ticket: wait up to 15 minutes, or run `klist purge -li 0x3e7` on each host.';

/** Refuse at once when a confirmation is needed and nobody can give it. */
export function assertCanConfirm(ctx: Context, yes: boolean, command: string, hint = `review with \`kcdmesh plan\`, then run ${command} with --yes`): void {
  if (!yes && !ctx.interactive) throw new UsageError(`${command} needs a confirmation and there is no terminal to ask on`, hint);
}

export interface ConvergeSpec {
  command: WriteCommand;
  /** Reads the directory and plans; called before, after the prompt, and after writing. */
  read: (dir: Directory) => Promise<MeshState>;
  opts: WriteOptions;
  /** What to say once the directory holds the plan (text view). */
  doneText: (after: MeshState, committed: Committed) => string;
  /** A new connection with the same credentials: settles unknown outcomes when the run's own was lost. */
  reopen?: Reopen;
  /** Extra fields of the JSON document. */
  doneJson?: (after: MeshState) => object;
}

/** Confirm (or --yes), then make sure the plan still holds: time has passed while it was on screen. */
async function confirmed(ctx: Context, dir: Directory, spec: ConvergeSpec, shown: MeshState): Promise<MeshState> {
  if (spec.opts.yes) return shown;
  if (!(await ctx.prompts.confirm(`Write these changes to ${dir.url}?`))) throw new CancelledError(spec.command);
  const again = await spec.read(dir);
  if (planFingerprint(again.plan) !== planFingerprint(shown.plan)) throw new StalePlanError();
  return again;
}

/** What the end of a run needs of the write: the plan only for the JSON view, the hosts written only to wait for them. */
interface Written {
  committed: Committed;
  plan: Plan | null;
  written: HostPlan[];
}

/**
 * Read, show, confirm, write. The first read (hosts, plan) is garbage once this returns: the re-read
 * that verifies is as big, and the two are never alive together. Null when there is nothing to write.
 */
async function showAndWrite(ctx: Context, dir: Directory, spec: ConvergeSpec, text: boolean): Promise<Written | null> {
  const shown = await spec.read(dir);
  assertWritable(shown.plan);
  if (text) for (const piece of planTextPieces(shown.plan, ctx.style)) ctx.out.write(piece);
  if (isEmptyPlan(shown.plan)) {
    if (spec.opts.waitReplication !== null) ctx.log.info('nothing to write, so nothing to wait for; verify --all-dcs compares the DCs');
    if (!text) for (const piece of jsonChunks(spec.command, { dc: { url: dir.url, dnsHostName: dir.root.dnsHostName }, plan: shown.plan, results: [], ...spec.doneJson?.(shown) })) ctx.out.write(piece);
    return null;
  }
  const toWrite = await confirmed(ctx, dir, spec, shown);
  const committed = await recordedWrite(ctx.log, dir, spec.command, toWrite, spec.opts, ctx.interrupt, spec.reopen);
  const { plan } = toWrite;
  const ok = new Set(committed.results.filter((r) => r.status === 'written').map((r) => r.dn));
  return {
    committed,
    plan: text ? null : plan,
    written: spec.opts.waitReplication === null ? [] : plan.hosts.filter((h) => ok.has(h.dn)),
  };
}

/**
 * The directory after the write, read on the run's connection, or on a new one when that one was lost
 * during the write (an answer that never came; the outcomes were settled on a new connection too): the
 * write is verified either way. `close` ends the new one.
 */
async function afterWrite(ctx: Context, dir: Directory, spec: ConvergeSpec): Promise<{ after: MeshState; on: Directory; close: () => Promise<void> }> {
  try {
    return { after: await spec.read(dir), on: dir, close: async () => undefined };
  } catch (err) {
    if (!(err instanceof NotSentError) || !spec.reopen) throw err;
    ctx.log.info(`the connection to ${dir.url} was lost during the write; reading the hosts again on a new one`);
  }
  let other: Directory | null = null;
  try {
    other = await spec.reopen();
    const on = other;
    return { after: await spec.read(on), on, close: () => on.close().catch(() => undefined) };
  } catch (err) {
    await other?.close().catch(() => undefined);
    // Every host was written (a host not written ends the run before this): say so, not only why the check failed.
    const why = err instanceof KcdmeshError ? err.message : String(err);
    throw new KcdmeshError(`${spec.command} wrote every host, but they could not be read again to check the result: ${why}`, 'run kcdmesh verify with the same hosts once the DC answers');
  }
}

/**
 * The one way kcdmesh writes: plan, show, confirm, check the plan still holds, record (change log
 * and backup), one modify per host, then read again and expect nothing left to do. All of it goes
 * through the one DC `dir` (never split across DCs: see "Several domain controllers" in the README);
 * with --wait-replication, then wait until every other writable DC holds the change.
 */
export async function converge(ctx: Context, dir: Directory, spec: ConvergeSpec, openOther?: OpenOther): Promise<Outcome> {
  const text = ctx.options.output !== 'json';
  const done = await showAndWrite(ctx, dir, spec, text);
  if (!done) return 'clean';
  const { after, on, close } = await afterWrite(ctx, dir, spec);
  try {
    return await verified(ctx, on, spec, done, after, openOther);
  } finally {
    await close();
  }
}

/** The end of a write: the re-read must leave nothing to do; then (--wait-replication) wait for the other DCs, and say it. */
async function verified(ctx: Context, dir: Directory, spec: ConvergeSpec, done: Written, after: MeshState, openOther?: OpenOther): Promise<Outcome> {
  const text = ctx.options.output !== 'json';
  const { committed } = done;
  if (!isEmptyPlan(after.plan)) {
    throw new KcdmeshError(`the directory does not hold the planned state after ${spec.command} (another writer, or a DC that rewrote values)`, 'run kcdmesh verify (or the same command again) to see what differs');
  }
  let waited: WaitResult | null = null;
  if (spec.opts.waitReplication !== null) {
    if (!openOther) throw new KcdmeshError(`${spec.command} cannot wait for replication here`, 'run without --wait-replication and use verify --all-dcs');
    waited = await waitForReplication(ctx, dir, openOther, {
      written: done.written,
      hosts: after.hosts,
      seconds: spec.opts.waitReplication,
      intervalMs: DEFAULTS.pollSeconds * 1000,
    });
    if (waited.ok) ctx.log.info(`every writable DC holds the change (${waited.seconds.toFixed(1)} s)`);
    else ctx.log.warn(`not every writable DC holds the change after ${waited.seconds.toFixed(1)} s`);
  }
  const dc = { url: dir.url, dnsHostName: dir.root.dnsHostName };
  if (text) ctx.out.write(`\n${spec.doneText(after, committed)}${waited ? renderWaitText(waited.dcs, waited.seconds) : ''}${REPLICATION_NOTE}\n`);
  else for (const piece of jsonChunks(spec.command, { dc, plan: done.plan, results: committed.results, backup: committed.backup, ...(waited ? { replication: waited } : {}), ...spec.doneJson?.(after) })) ctx.out.write(piece);
  return waited && !waited.ok ? 'pending' : 'clean';
}
