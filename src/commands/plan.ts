import type { OutputFormat } from '../config/options.js';
import { assertWritable, countPlan, isEmptyPlan } from '../core/plan.js';
import { scopeOf, type Scope } from '../core/report.js';
import type { Finding, Plan } from '../core/types.js';
import type { Directory } from '../directory/directory.js';
import { jsonChunks, renderJson } from '../render/json.js';
import { renderLdif } from '../render/ldif.js';
import { renderPlanMarkdown } from '../render/markdown.js';
import { renderPlanText } from '../render/plan-text.js';
import { renderPowerShell } from '../render/powershell.js';
import { createProgress, type Progress } from '../render/progress.js';
import type { Style } from '../render/style.js';
import { VERSION } from '../version.js';
import { searchBase, withDirectory, type Context, type Outcome } from './context.js';
import type { MeshState } from './mesh.js';
import { sourceReader, type Source } from './source.js';

/** How plan and verify show their result: the format on stdout, and whether progress may be shown. */
export interface ViewOptions {
  output: OutputFormat;
  quiet: boolean;
}

/** Hosts named on the command line are counted before connecting; discovered hosts and groups are not. */
export function progressFor(ctx: Context, source: Source, quiet: boolean): Progress {
  const named = source.kind === 'hosts' && !source.selection.discover ? source.selection.names.length : null;
  return createProgress(ctx.io.stderr, { quiet, hosts: named });
}

function readingStep(source: Source, base: string, url: string): string {
  if (source.kind === 'config') return `reading the groups of the config from ${url}`;
  const { selection } = source;
  return selection.discover ? `discovering hosts under ${base} on ${url}` : `reading ${selection.names.length} hosts from ${url}`;
}

/** Read and plan the mesh, and note where and when (the scope every report format states). */
export async function readScoped(
  ctx: Context,
  source: Source,
  progress: Progress,
  also?: (dir: Directory, openOther: (url: string) => Promise<Directory>, mesh: MeshState) => Promise<Finding[]>,
): Promise<MeshState & { scope: Scope; extra: Finding[] }> {
  progress.step('connecting to the domain controller');
  const state = await withDirectory(ctx, async (dir, openOther) => {
    const base = searchBase(ctx, dir);
    progress.step(readingStep(source, base, dir.url));
    const mesh = await sourceReader(ctx, dir, source)();
    const extra = also ? await also(dir, openOther, mesh) : [];
    return { ...mesh, extra, scope: scopeOf(dir, base, new Date(), VERSION) };
  });
  progress.step(`checking ${state.hosts.length} hosts, ${state.plan.edges.length} directed pairs`);
  return state;
}

/** Every plan format is a function of the one plan value (and, for change files, its scope). */
export function renderPlan(output: OutputFormat, plan: Plan, scope: Scope, style: Style): string {
  switch (output) {
    case 'json':
      return renderJson('plan', { plan, summary: countPlan(plan) });
    case 'markdown':
      return renderPlanMarkdown(plan);
    case 'ldif':
      return renderLdif(plan, scope);
    case 'powershell':
      return renderPowerShell(plan, scope);
    default:
      return renderPlanText(plan, style);
  }
}

/** Show what apply would change. Read-only. */
export async function planCommand(ctx: Context, source: Source, view: ViewOptions): Promise<Outcome> {
  const { plan, scope } = await readScoped(ctx, source, progressFor(ctx, source, view.quiet));
  assertWritable(plan);
  if (view.output === 'json') for (const chunk of jsonChunks('plan', { plan, summary: countPlan(plan) })) ctx.io.stdout.write(chunk);
  else ctx.io.stdout.write(renderPlan(view.output, plan, scope, ctx.style));
  return isEmptyPlan(plan) ? 'clean' : 'pending';
}
