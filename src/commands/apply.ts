import { assertCanConfirm, converge } from '../apply/converge.js';
import { planReading } from '../core/state.js';
import { verdictFromPlan } from '../core/verdict.js';
import type { Outcome } from '../errors.js';
import { renderVerifyText } from '../render/verify-text.js';
import { reopenSameDc } from '../read/dcs.js';
import type { Context } from '../read/session.js';
import { sourceReader } from '../read/source.js';

/** Plan, confirm, back up, write exactly the plan, then verify by reading again. */
export async function applyCommand(ctx: Context): Promise<Outcome> {
  const { source, write } = ctx.options;
  assertCanConfirm(ctx, write.yes, 'apply');
  return ctx.directory.use((dir, openOther) => {
    const read = sourceReader(ctx, source!);
    return converge(ctx, dir, {
      command: 'apply',
      reopen: reopenSameDc(dir, openOther),
      read: async (d) => planReading(await read(d)),
      opts: write,
      doneText: (after, { backup }) => `${renderVerifyText(verdictFromPlan(after.plan, after.hosts), ctx.style)}To undo: kcdmesh rollback ${backup}\n`,
      doneJson: (after) => ({ verify: verdictFromPlan(after.plan, after.hosts) }),
    }, openOther);
  });
}
