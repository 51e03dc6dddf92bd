import type { WriteOptions } from '../config/resolve.js';
import { assertWritable, isEmptyPlan, planFingerprint } from '../core/plan.js';
import type { MeshState } from '../core/state.js';
import type { Directory } from '../directory/directory.js';
import { CancelledError, KcdmeshError, StalePlanError, UsageError, type Outcome } from '../errors.js';
import { jsonChunks } from '../render/json.js';
import { renderPlanText } from '../render/plan-text.js';
import type { Context } from '../read/session.js';
import { recordedWrite, type Committed, type WriteCommand } from './records.js';

export const REPLICATION_NOTE =
  'Changes reach the hosts after replication to their DCs and a new ticket: wait up to 15 minutes, or run `klist purge -li 0x3e7` on each host.';

/** Refuse at once when a confirmation is needed and nobody can give it. */
export function assertCanConfirm(ctx: Context, yes: boolean, command: string, hint = `review with \`kcdmesh plan\`, then run ${command} with --yes`): void {
  if (!yes && !ctx.interactive) throw new UsageError(`${command} needs a confirmation and there is no terminal to ask on`, hint);
}

export interface ConvergeSpec {
  command: WriteCommand;
  /** Reads the directory and plans; called before, after the prompt, and after writing. */
  read: () => Promise<MeshState>;
  opts: WriteOptions;
  /** What to say once the directory holds the plan (text view). */
  doneText: (after: MeshState, committed: Committed) => string;
  /** Extra fields of the JSON document. */
  doneJson?: (after: MeshState) => object;
}

/** Confirm (or --yes), then make sure the plan still holds: time has passed while it was on screen. */
async function confirmed(ctx: Context, dir: Directory, spec: ConvergeSpec, shown: MeshState): Promise<MeshState> {
  if (spec.opts.yes) return shown;
  if (!(await ctx.prompts.confirm(`Write these changes to ${dir.url}?`))) throw new CancelledError(spec.command);
  const again = await spec.read();
  if (planFingerprint(again.plan) !== planFingerprint(shown.plan)) throw new StalePlanError();
  return again;
}

/**
 * The one way kcdmesh writes: plan, show, confirm, check the plan still holds, record (change log
 * and backup), one modify per host, then read again and expect nothing left to do.
 */
export async function converge(ctx: Context, dir: Directory, spec: ConvergeSpec): Promise<Outcome> {
  const text = ctx.options.output !== 'json';
  const shown = await spec.read();
  assertWritable(shown.plan);
  if (text) ctx.out.write(renderPlanText(shown.plan, ctx.style));
  if (isEmptyPlan(shown.plan)) {
    if (!text) for (const piece of jsonChunks(spec.command, { plan: shown.plan, results: [], ...spec.doneJson?.(shown) })) ctx.out.write(piece);
    return 'clean';
  }
  const toWrite = await confirmed(ctx, dir, spec, shown);
  const committed = await recordedWrite(ctx.log, dir, spec.command, toWrite, spec.opts);
  const after = await spec.read();
  if (!isEmptyPlan(after.plan)) {
    throw new KcdmeshError(`the directory does not hold the planned state after ${spec.command} (another writer, or a DC that rewrote values)`, 'run kcdmesh verify (or the same command again) to see what differs');
  }
  if (text) ctx.out.write(`\n${spec.doneText(after, committed)}${REPLICATION_NOTE}\n`);
  else for (const piece of jsonChunks(spec.command, { plan: committed.plan, results: committed.results, backup: committed.backup, ...spec.doneJson?.(after) })) ctx.out.write(piece);
  return 'clean';
}
