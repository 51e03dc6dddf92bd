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

/** Reads of hosts from the domain's DCs, each other DC over one connection kept open until `close`. */
export interface DcReader {
  read(dc: string, hosts: readonly HostRecord[]): Promise<HostRecord[]>;
  close(): Promise<void>;
}

/**
 * Read `hosts` (by DN) from any DC; the DC connected to is not connected to again. A DC read round after
 * round (--wait-replication) is bound once, not once per round: each bind is a logon in the DC's
 * security log. A kept connection that fails (the DC closed it while idle) is opened again at once, and
 * a new one that fails is the DC's failure.
 */
export function dcReader(log: Logger, dir: Directory, openOther: OpenOther): DcReader {
  const open = new Map<string, Directory>();
  const drop = async (dc: string): Promise<void> => {
    const d = open.get(dc);
    open.delete(dc);
    await d?.close().catch(() => undefined);
  };
  return {
    async read(dc, hosts) {
      const names = parseHostNames(hosts.map((h) => h.name));
      const dns = new Set(hosts.map(dnKey));
      const on = async (d: Directory): Promise<HostRecord[]> => (await d.findHosts(names, d.root.defaultNamingContext)).filter((h) => dns.has(dnKey(h)));
      if (sameDcName(dc, dir.root.dnsHostName)) return on(dir);
      const kept = open.get(dc);
      if (kept) {
        try {
          return await on(kept);
        } catch (err) {
          log.debug(`the connection to ${dc} failed (${reasonOf(err)}); connecting again`);
          await drop(dc);
        }
      }
      log.debug(`reading ${hosts.length} hosts from ${dc}`);
      const other = await openDc(dir, openOther, dc);
      open.set(dc, other);
      try {
        return await on(other);
      } catch (err) {
        await drop(dc);
        throw err;
      }
    },
    async close() {
      for (const dc of [...open.keys()]) await drop(dc);
    },
  };
}

/** Read `hosts` (by DN) from one DC, once; the DC connected to is not read again. */
export async function readHostsOn(log: Logger, dir: Directory, openOther: OpenOther, dc: string, hosts: readonly HostRecord[]): Promise<HostRecord[]> {
  const reader = dcReader(log, dir, openOther);
  try {
    return await reader.read(dc, hosts);
  } finally {
    await reader.close();
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
