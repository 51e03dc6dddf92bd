import { dcHostName, sameDcName } from '../core/dcs.js';
import { dnKey } from '../core/keys.js';
import { parseHostNames } from '../core/names.js';
import { compareDcViews, type DcView, type ReplicationReport, type UnreadDc } from '../core/replication.js';
import type { HostRecord } from '../core/types.js';
import type { Directory } from '../directory/directory.js';
import { KcdmeshError } from '../errors.js';
import type { Logger } from '../ui/logger.js';
import { openDc, type OpenOther } from './dcs.js';

export { dcUrl } from './dcs.js';

/** The writable DCs of the domain by the names kcdmesh reaches them by, sorted. */
export async function writableDcNames(dir: Directory): Promise<string[]> {
  return (await dir.readWritableDcs()).map(dcHostName).sort();
}

/** Read `hosts` (by DN) from one DC; the DC connected to is not read again. */
export async function readHostsOn(log: Logger, dir: Directory, openOther: OpenOther, dc: string, hosts: readonly HostRecord[]): Promise<HostRecord[]> {
  const names = parseHostNames(hosts.map((h) => h.name));
  const dns = new Set(hosts.map(dnKey));
  if (sameDcName(dc, dir.root.dnsHostName)) {
    return (await dir.findHosts(names, dir.root.defaultNamingContext)).filter((h) => dns.has(dnKey(h)));
  }
  log.debug(`reading ${hosts.length} hosts from ${dc}`);
  const other = await openDc(dir, openOther, dc);
  try {
    return (await other.findHosts(names, other.root.defaultNamingContext)).filter((h) => dns.has(dnKey(h)));
  } finally {
    await other.close();
  }
}

export function reasonOf(err: unknown): string {
  return err instanceof KcdmeshError ? `${err.message}; ${err.hint}` : String(err);
}

/**
 * Read the same hosts from every writable DC of the domain (from the directory itself) and report
 * what has not reached all of them. A DC that cannot be read is named, and the others still compared.
 */
export async function readAllDcs(log: Logger, dir: Directory, hosts: readonly HostRecord[], openOther: OpenOther): Promise<ReplicationReport> {
  const dcs = await writableDcNames(dir);
  const views: DcView[] = [];
  const unreachable: UnreadDc[] = [];
  for (const dc of dcs) {
    if (sameDcName(dc, dir.root.dnsHostName)) {
      views.push({ dc, hosts });
      continue;
    }
    try {
      views.push({ dc, hosts: await readHostsOn(log, dir, openOther, dc, hosts) });
    } catch (err) {
      log.warn(`${dc} could not be read: ${reasonOf(err)}`);
      unreachable.push({ dc, reason: err instanceof KcdmeshError ? err.message : String(err) });
    }
  }
  return { dcs, divergences: compareDcViews(views), unreachable };
}
