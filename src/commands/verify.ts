import { buildReport } from '../core/report.js';
import { replicationFindings } from '../core/replication.js';
import { planReading } from '../core/state.js';
import type { OperatorRecord } from '../core/operators.js';
import type { HostRecord } from '../core/types.js';
import type { Directory } from '../directory/directory.js';
import { verdictFromPlan, withFindings } from '../core/verdict.js';
import { KcdmeshError, type Outcome } from '../errors.js';
import { replaceFile } from '../io/write-file.js';
import { fsReason } from '../render/fs-reason.js';
import { verdictPieces } from '../render/verdict.js';
import { readAllDcs } from '../read/replication.js';
import { progressFor, readScoped, type AlsoRead } from '../read/scoped.js';
import type { Context } from '../read/session.js';

async function writeReport(file: string, html: string): Promise<void> {
  try {
    await replaceFile(file, html, 'report');
  } catch (err) {
    if (err instanceof KcdmeshError) throw err;
    throw new KcdmeshError(`cannot write the report to ${file} (${fsReason(err)})`, 'give --report a file in a directory you can write to');
  }
}

/** Read-only audit: the plan must be empty and the targets must be able to use it. */
export async function verifyCommand(ctx: Context): Promise<Outcome> {
  const { source, report, allDcs, output, enforceMode, operators: operatorNames } = ctx.options;
  const progress = progressFor(ctx, source!);
  // What only the directory knows beyond the hosts: the DCs they must never delegate to, the operators,
  // and (with --all-dcs) what every writable DC holds.
  let dcs: HostRecord[] = [];
  let operators: OperatorRecord[] = [];
  // The DCs the hosts must never delegate to are read with the hosts, not one round trip after them.
  const readDcs = async (dir: Directory): Promise<void> => {
    dcs = await dir.readDomainControllers();
  };
  const beyond: AlsoRead = async (dir, openOther, reading) => {
    operators = await dir.readOperators(operatorNames);
    if (!allDcs) return [];
    progress.step('reading the hosts from every writable DC');
    const r = await readAllDcs(ctx.log, dir, reading.hosts, openOther);
    const unread = r.unreachable.length ? `; not read: ${r.unreachable.map((u) => u.dc).join(', ')}` : '';
    ctx.log.info(`read from ${r.dcs.length - r.unreachable.length} of ${r.dcs.length} writable DC${r.dcs.length === 1 ? '' : 's'}: ${r.dcs.join(', ')}; ${r.divergences.length ? `${r.divergences.length} differences` : 'all agree'}${unread}`);
    return replicationFindings(r);
  };
  const { scope, extra, ...reading } = await readScoped(ctx, source!, progress, beyond, readDcs);
  const { plan, hosts } = planReading(reading);
  const verdict = withFindings(verdictFromPlan(plan, hosts, { enforceMode, dcs, operators }), extra);
  // The file first: if it cannot be written, stdout holds only the error (one JSON document with --output json).
  if (report) {
    progress.step(`writing the report to ${report}`);
    const { renderHtmlReport } = await import('../render/html-report.js'); // handlebars only for --report
    await writeReport(report, renderHtmlReport(buildReport(verdict, hosts, scope)));
    ctx.log.info(`report: ${report}`);
  }
  for (const piece of verdictPieces(output, verdict, ctx.style)) ctx.out.write(piece);
  return verdict.ok ? 'clean' : 'pending';
}
