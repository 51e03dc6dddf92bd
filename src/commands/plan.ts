import { assertWritable, isEmptyPlan } from '../core/plan.js';
import { planReading } from '../core/state.js';
import type { Outcome } from '../errors.js';
import { DEFAULT_MIGRATION } from '../render/hyperv.js';
import { planPieces } from '../render/plan.js';
import { progressFor, readScoped } from '../read/scoped.js';
import type { Context } from '../read/session.js';

/** Show what apply would change. Read-only. */
export async function planCommand(ctx: Context): Promise<Outcome> {
  const source = ctx.options.source!;
  const { scope, ...reading } = await readScoped(ctx, source, progressFor(ctx, source));
  const { plan } = planReading(reading);
  assertWritable(plan);
  // The host settings go to the mesh's members (never storage targets), by the name the host itself holds.
  const byName = new Map(reading.hosts.map((h) => [h.name, h]));
  const computers = plan.hosts.map((h) => byName.get(h.host)?.fqdn ?? h.host);
  const migration = ctx.options.baseline?.migration ?? DEFAULT_MIGRATION;
  for (const piece of planPieces(ctx.options.output, plan, scope, ctx.style, { computers, migration })) ctx.out.write(piece);
  return isEmptyPlan(plan) ? 'clean' : 'pending';
}
