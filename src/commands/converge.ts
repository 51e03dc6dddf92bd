import { assertWritable, isEmptyPlan } from '../core/plan.js';
import type { Directory } from '../directory/directory.js';
import { KcdmeshError, UsageError } from '../errors.js';
import { renderJson } from '../render/json.js';
import { renderPlanText } from '../render/plan-text.js';
import { commitPlan, type Committed, type SafetyOptions, type WriteCommand } from './commit.js';
import type { Context, Outcome } from './context.js';
import type { MeshState } from './mesh.js';

export interface WriteOptions {
  yes: boolean;
  parallel: number;
  safety: SafetyOptions;
}

export const REPLICATION_NOTE =
  'Changes reach the hosts after replication to their DCs and a new ticket: wait up to 15 minutes, or run `klist purge -li 0x3e7` on each host.';

/** Refuse at once when a confirmation is needed and nobody can give it. */
export function assertCanConfirm(ctx: Context, yes: boolean, command: string): void {
  if (!yes && !(ctx.io.stdinIsTTY && ctx.io.stderr.isTTY)) {
    throw new UsageError(`${command} needs a confirmation and there is no terminal to ask on`, `review with \`kcdmesh plan\`, then run ${command} with --yes`);
  }
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

/**
 * Every writing command: plan, show, (confirm), commit with backup and change log, then read again
 * and expect nothing left to do. One path, so every write gets the same safety.
 */
export async function converge(ctx: Context, dir: Directory, spec: ConvergeSpec): Promise<Outcome> {
  const { io, style, flags } = ctx;
  const text = flags.output === 'text';
  const shown = await spec.read();
  assertWritable(shown.plan);
  if (text) io.stdout.write(renderPlanText(shown.plan, style));
  if (isEmptyPlan(shown.plan)) {
    if (!text) io.stdout.write(renderJson(spec.command, { plan: shown.plan, results: [], ...spec.doneJson?.(shown) }));
    return 'clean';
  }
  const committed = await commitPlan(ctx, dir, {
    command: spec.command,
    plan: shown.plan,
    hosts: shown.hosts,
    recheck: spec.read,
    yes: spec.opts.yes,
    parallel: spec.opts.parallel,
    safety: spec.opts.safety,
  });
  const after = await spec.read();
  if (!isEmptyPlan(after.plan)) {
    throw new KcdmeshError(`the directory does not hold the planned state after ${spec.command} (another writer, or a DC that rewrote values)`, 'run kcdmesh verify (or the same command again) to see what differs');
  }
  if (text) io.stdout.write(`\n${spec.doneText(after, committed)}${REPLICATION_NOTE}\n`);
  else io.stdout.write(renderJson(spec.command, { plan: committed.plan, results: committed.results, backup: committed.backup, ...spec.doneJson?.(after) }));
  return 'clean';
}
