import { writeFile } from 'node:fs/promises';
import type { OutputFormat } from '../config/options.js';
import { buildReport } from '../core/report.js';
import { verdictFromPlan, withFindings, type Verdict } from '../core/verdict.js';
import type { Directory } from '../directory/directory.js';
import type { MeshState } from './mesh.js';
import { readAllDcs, replicationFindings } from './replication.js';
import { KcdmeshError } from '../errors.js';
import { jsonChunks, renderJson } from '../render/json.js';
import { renderJunit } from '../render/junit.js';
import { renderVerifyMarkdown } from '../render/markdown.js';
import type { Style } from '../render/style.js';
import { renderVerifyText } from '../render/verify-text.js';
import { fsReason } from '../safety/fs-reason.js';
import { type Context, type Outcome } from './context.js';
import { progressFor, readScoped, type ViewOptions } from './plan.js';
import type { Source } from './source.js';

export interface VerifyViewOptions extends ViewOptions {
  /** Also write the HTML audit report to this file. */
  report?: string;
  /** Read the hosts from every writable DC and report what has not replicated everywhere. */
  allDcs?: boolean;
}

/** Every verify format is a function of the one verdict. */
export function renderVerdict(output: OutputFormat, verdict: Verdict, style: Style): string {
  switch (output) {
    case 'json':
      return renderJson('verify', verdict);
    case 'junit':
      return renderJunit(verdict);
    case 'markdown':
      return renderVerifyMarkdown(verdict);
    default:
      return renderVerifyText(verdict, style);
  }
}

async function writeReport(file: string, html: string): Promise<void> {
  try {
    await writeFile(file, html, 'utf8');
  } catch (err) {
    throw new KcdmeshError(`cannot write the report to ${file} (${fsReason(err)})`, 'give --report a file in a directory you can write to');
  }
}

/** Read-only audit: the plan must be empty and the targets must be able to use it. */
export async function verifyCommand(ctx: Context, source: Source, view: VerifyViewOptions): Promise<Outcome> {
  const progress = progressFor(ctx, source, view.quiet);
  const replication = view.allDcs
    ? async (dir: Directory, openOther: (url: string) => Promise<Directory>, mesh: MeshState) => {
      progress.step('reading the hosts from every writable DC');
      const r = await readAllDcs(ctx, dir, mesh.hosts, openOther);
      ctx.log.info(`read from ${r.dcs.length} writable DC${r.dcs.length === 1 ? '' : 's'}: ${r.dcs.join(', ')}; ${r.divergences.length ? `${r.divergences.length} differences` : 'all agree'}`);
      return replicationFindings(r);
    }
    : undefined;
  const { plan, hosts, scope, extra } = await readScoped(ctx, source, progress, replication);
  const verdict = withFindings(verdictFromPlan(plan, hosts), extra);
  // The file first: if it cannot be written, stdout holds only the error (one JSON document with --output json).
  if (view.report) {
    progress.step(`writing the report to ${view.report}`);
    const { renderHtmlReport } = await import('../render/html-report.js'); // handlebars only for --report
    await writeReport(view.report, renderHtmlReport(buildReport(verdict, hosts, scope)));
    ctx.log.info(`report: ${view.report}`);
  }
  if (view.output === 'json') for (const chunk of jsonChunks('verify', verdict)) ctx.io.stdout.write(chunk);
  else ctx.io.stdout.write(renderVerdict(view.output, verdict, ctx.style));
  return verdict.ok ? 'clean' : 'pending';
}
