import { assertWritable, countPlan, isEmptyPlan } from '../core/plan.js';
import type { Policy } from '../core/types.js';
import { renderJson } from '../render/json.js';
import { renderPlanText } from '../render/plan-text.js';
import { withDirectory, type Context, type Outcome } from './context.js';
import { readMesh, type HostSelection } from './mesh.js';

/** Show what apply would change. Read-only. */
export async function planCommand(ctx: Context, sel: HostSelection, policy: Policy): Promise<Outcome> {
  const { plan } = await withDirectory(ctx, (dir) => readMesh(ctx, dir, sel, policy));
  assertWritable(plan);
  ctx.io.stdout.write(ctx.flags.output === 'json' ? renderJson('plan', { plan, summary: countPlan(plan) }) : renderPlanText(plan, ctx.style));
  return isEmptyPlan(plan) ? 'clean' : 'pending';
}
