import { assertWritable, isEmptyPlan } from '../core/plan.js';
import type { Policy } from '../core/types.js';
import { verdictFromPlan } from '../core/verdict.js';
import { KcdmeshError, UsageError } from '../errors.js';
import { renderJson } from '../render/json.js';
import { renderPlanText } from '../render/plan-text.js';
import { renderVerifyText } from '../render/verify-text.js';
import { commitPlan, type SafetyOptions } from './commit.js';
import { withDirectory, type Context, type Outcome } from './context.js';
import { readMesh, sameHosts, type HostSelection } from './mesh.js';

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

/** Plan, confirm, back up, write exactly the plan, then verify by reading again. */
export async function applyCommand(ctx: Context, sel: HostSelection, policy: Policy, opts: WriteOptions): Promise<Outcome> {
  const { io, style, flags } = ctx;
  const text = flags.output === 'text';
  assertCanConfirm(ctx, opts.yes, 'apply');
  return withDirectory(ctx, async (dir): Promise<Outcome> => {
    const shown = await readMesh(ctx, dir, sel, policy);
    assertWritable(shown.plan);
    if (text) io.stdout.write(renderPlanText(shown.plan, style));
    if (isEmptyPlan(shown.plan)) {
      if (!text) io.stdout.write(renderJson('apply', { plan: shown.plan, results: [], verify: verdictFromPlan(shown.plan, shown.hosts) }));
      return 'clean';
    }
    const again = () => readMesh(ctx, dir, sameHosts(shown.hosts, true), policy);
    const { plan, results, backup } = await commitPlan(ctx, dir, {
      command: 'apply',
      plan: shown.plan,
      hosts: shown.hosts,
      recheck: again,
      yes: opts.yes,
      parallel: opts.parallel,
      safety: opts.safety,
    });
    const after = await again();
    const verdict = verdictFromPlan(after.plan, after.hosts);
    if (!isEmptyPlan(after.plan)) {
      throw new KcdmeshError('the directory does not hold the planned values after apply (another writer, or a DC that rewrote them)', 'run kcdmesh verify to see what differs');
    }
    if (text) io.stdout.write(`\n${renderVerifyText(verdict, style)}${REPLICATION_NOTE}\nTo undo: kcdmesh rollback ${backup}\n`);
    else io.stdout.write(renderJson('apply', { plan, results, backup, verify: verdict }));
    return 'clean';
  });
}
