import type { Policy } from '../core/types.js';
import { verdictFromPlan } from '../core/verdict.js';
import { renderJson } from '../render/json.js';
import { renderVerifyText } from '../render/verify-text.js';
import { withDirectory, type Context, type Outcome } from './context.js';
import { readMesh, type HostSelection } from './mesh.js';

/** Read-only audit: the plan must be empty and the targets must be able to use it. */
export async function verifyCommand(ctx: Context, sel: HostSelection, policy: Policy): Promise<Outcome> {
  const { plan, hosts } = await withDirectory(ctx, (dir) => readMesh(ctx, dir, sel, policy));
  const verdict = verdictFromPlan(plan, hosts);
  ctx.io.stdout.write(ctx.flags.output === 'json' ? renderJson('verify', verdict) : renderVerifyText(verdict, ctx.style));
  return verdict.ok ? 'clean' : 'pending';
}
