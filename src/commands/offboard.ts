import { assertCanConfirm, converge } from '../apply/converge.js';
import { planReading } from '../core/state.js';
import type { Outcome } from '../errors.js';
import { readOffboard } from '../read/offboard.js';
import { reopenSameDc } from '../read/dcs.js';
import type { Context } from '../read/session.js';

/** Take a host out of every mesh: nobody delegates to it, it delegates to no Hyper-V host; foreign values stay. */
export async function offboardCommand(ctx: Context, name: string): Promise<Outcome> {
  const { policy, write } = ctx.options;
  assertCanConfirm(ctx, write.yes, 'offboard');
  return ctx.directory.use((dir, openOther) =>
    converge(ctx, dir, {
      command: 'offboard',
      reopen: reopenSameDc(dir, openOther),
      read: async (d) => planReading(await readOffboard(ctx, d, name, policy)),
      opts: write,
      doneText: (_after, { results }) => `${name} is out of the mesh: removed from ${results.length} host${results.length === 1 ? '' : 's'}; values kcdmesh does not manage were kept.\n`,
    }, openOther),
  );
}
