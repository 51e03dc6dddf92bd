import { compareDcViews, type DcView, type Divergence } from '../core/replication.js';
import type { Finding, HostRecord } from '../core/types.js';
import type { Directory } from '../directory/directory.js';
import { writableDcFilter } from '../directory/filter.js';
import { parseHostNames } from '../core/names.js';
import type { Context } from './context.js';

export interface ReplicationReport {
  dcs: string[];
  divergences: Divergence[];
}

/** The URL of another DC: the same scheme and port as the one kcdmesh was given. */
export function dcUrl(base: string, dnsHostName: string): string {
  const u = new URL(base);
  u.hostname = dnsHostName;
  return `${u.protocol}//${u.host}`;
}

/**
 * Read the same hosts from every writable DC of the domain (from the directory itself) and report
 * what has not reached all of them. The DC already connected to is not read twice.
 */
export async function readAllDcs(
  ctx: Context,
  dir: Directory,
  hosts: readonly HostRecord[],
  openOther: (url: string) => Promise<Directory>,
): Promise<ReplicationReport> {
  const dcs = (await dir.searchHosts(dir.root.defaultNamingContext, writableDcFilter())).map((d) => d.fqdn ?? d.name).sort();
  const names = parseHostNames(hosts.map((h) => h.name));
  const dns = new Set(hosts.map((h) => h.dn.toLowerCase()));
  const views: DcView[] = [];
  for (const dc of dcs) {
    if (dc.toLowerCase() === dir.root.dnsHostName.toLowerCase()) {
      views.push({ dc, hosts });
      continue;
    }
    ctx.log.debug(`reading the hosts from ${dc}`);
    const other = await openOther(dcUrl(dir.url, dc));
    try {
      const seen = await other.findHosts(names, other.root.defaultNamingContext);
      views.push({ dc, hosts: seen.filter((h) => dns.has(h.dn.toLowerCase())) });
    } finally {
      await other.close();
    }
  }
  return { dcs, divergences: compareDcViews(views) };
}

export function replicationFindings(r: ReplicationReport): Finding[] {
  return r.divergences.map((d) => ({
    kind: 'not-replicated' as const,
    severity: 'error' as const,
    host: d.host,
    value: d.what,
    on: d.on,
    missingOn: d.missingOn,
  }));
}
