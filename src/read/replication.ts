import { dnKey, nameKey } from '../core/keys.js';
import { parseHostNames } from '../core/names.js';
import { compareDcViews, type DcView, type ReplicationReport } from '../core/replication.js';
import type { HostRecord } from '../core/types.js';
import type { Directory } from '../directory/directory.js';
import type { Logger } from '../ui/logger.js';

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
  log: Logger,
  dir: Directory,
  hosts: readonly HostRecord[],
  openOther: (url: string) => Promise<Directory>,
): Promise<ReplicationReport> {
  const dcs = (await dir.readWritableDcs()).map((d) => d.fqdn ?? d.name).sort();
  const names = parseHostNames(hosts.map((h) => h.name));
  const dns = new Set(hosts.map(dnKey));
  const views: DcView[] = [];
  for (const dc of dcs) {
    if (nameKey(dc) === nameKey(dir.root.dnsHostName)) {
      views.push({ dc, hosts });
      continue;
    }
    log.debug(`reading the hosts from ${dc}`);
    const other = await openOther(dcUrl(dir.url, dc));
    try {
      const seen = await other.findHosts(names, other.root.defaultNamingContext);
      views.push({ dc, hosts: seen.filter((h) => dns.has(dnKey(h))) });
    } finally {
      await other.close();
    }
  }
  return { dcs, divergences: compareDcViews(views) };
}
