import { assertWritable, isEmptyPlan } from '../core/plan.js';
import { planReading } from '../core/state.js';
import type { Outcome } from '../errors.js';
import { renderPlan } from '../render/plan.js';
import { progressFor, readScoped } from '../read/scoped.js';
import type { Context } from '../read/session.js';

/** Show what apply would change. Read-only. */
export async function planCommand(ctx: Context): Promise<Outcome> {
  const source = ctx.options.source!;
  const { scope, ...reading } = await readScoped(ctx, source, progressFor(ctx, source));
  const { plan } = planReading(reading);
  assertWritable(plan);
  ctx.out.write(renderPlan(ctx.options.output, plan, scope, ctx.style));
  return isEmptyPlan(plan) ? 'clean' : 'pending';
}
