import { assertWritable, isEmptyPlan, planFingerprint } from '../core/plan.js';
import type { Policy } from '../core/types.js';
import { verdictFromPlan } from '../core/verdict.js';
import { KcdmeshError, UsageError } from '../errors.js';
import { renderJson } from '../render/json.js';
import { renderPlanText } from '../render/plan-text.js';
import { renderVerifyText } from '../render/verify-text.js';
import { withDirectory, type Context, type Outcome } from './context.js';
import { readMesh, sameHosts, type HostSelection } from './mesh.js';
import { partialFailure, writePlan } from './write.js';

export interface ApplyOptions {
  yes: boolean;
  parallel: number;
}

const REPLICATION_NOTE =
  'Changes reach the hosts after replication to their DCs and a new ticket: wait up to 15 minutes, or run `klist purge -li 0x3e7` on each host.';

/** Plan, confirm, write exactly the plan, then verify by reading again. */
export async function applyCommand(ctx: Context, sel: HostSelection, policy: Policy, opts: ApplyOptions): Promise<Outcome> {
  const { io, log, style, flags } = ctx;
  const text = flags.output === 'text';
  if (!opts.yes && !(io.stdinIsTTY && io.stderr.isTTY)) {
    throw new UsageError('apply needs a confirmation and there is no terminal to ask on', 'review with `kcdmesh plan`, then run apply with --yes');
  }
  return withDirectory(ctx, async (dir): Promise<Outcome> => {
    const shown = await readMesh(ctx, dir, sel, policy);
    assertWritable(shown.plan);
    if (text) io.stdout.write(renderPlanText(shown.plan, style));
    if (isEmptyPlan(shown.plan)) {
      if (!text) io.stdout.write(renderJson('apply', { plan: shown.plan, results: [], verify: verdictFromPlan(shown.plan, shown.hosts) }));
      return 'clean';
    }
    let plan = shown.plan;
    if (!opts.yes) {
      if (!(await io.prompts.confirm(`Write these changes to ${dir.url}?`))) throw new KcdmeshError('apply cancelled; nothing was written', 'run again and answer yes, or use --yes', 1);
      // Time has passed while the plan was on screen: write only if it still holds.
      const again = await readMesh(ctx, dir, sameHosts(shown.hosts), policy);
      if (planFingerprint(again.plan) !== planFingerprint(shown.plan)) {
        throw new KcdmeshError('the hosts changed in the directory since the plan was shown; nothing was written', 'run kcdmesh plan again and review the new plan');
      }
      plan = again.plan;
    }
    const results = await writePlan(dir, plan, opts.parallel, log);
    const failure = partialFailure(results);
    if (failure) throw failure;
    const after = await readMesh(ctx, dir, sameHosts(shown.hosts), policy);
    const verdict = verdictFromPlan(after.plan, after.hosts);
    if (!isEmptyPlan(after.plan)) {
      throw new KcdmeshError('the directory does not hold the planned values after apply (another writer, or a DC that rewrote them)', 'run kcdmesh verify to see what differs');
    }
    if (text) io.stdout.write(`\n${renderVerifyText(verdict, style)}${REPLICATION_NOTE}\n`);
    else io.stdout.write(renderJson('apply', { plan, results, verify: verdict }));
    return 'clean';
  });
}
