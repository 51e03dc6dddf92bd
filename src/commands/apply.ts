import { verdictFromPlan } from '../core/verdict.js';
import { renderVerifyText } from '../render/verify-text.js';
import { withDirectory, type Context, type Outcome } from './context.js';
import { assertCanConfirm, converge, type WriteOptions } from './converge.js';
import { sourceReader, type Source } from './source.js';

export type { WriteOptions } from './converge.js';

/** Plan, confirm, back up, write exactly the plan, then verify by reading again. */
export async function applyCommand(ctx: Context, source: Source, opts: WriteOptions): Promise<Outcome> {
  assertCanConfirm(ctx, opts.yes, 'apply');
  return withDirectory(ctx, (dir) =>
    converge(ctx, dir, {
      command: 'apply',
      read: sourceReader(ctx, dir, source),
      opts,
      doneText: (after, { backup }) => `${renderVerifyText(verdictFromPlan(after.plan, after.hosts), ctx.style)}To undo: kcdmesh rollback ${backup}\n`,
      doneJson: (after) => ({ verify: verdictFromPlan(after.plan, after.hosts) }),
    }),
  );
}
