import type { HostSelection } from '../config/resolve.js';
import { byName } from '../core/discovery.js';
import { checkEnabled, checkMesh } from '../core/mesh.js';
import { parseHostNames, resolveHostNames } from '../core/names.js';
import type { Reading } from '../core/state.js';
import { meshTopology } from '../core/topology.js';
import type { HostRecord, Policy } from '../core/types.js';
import { UAC, hasFlag, isDomainController } from '../core/uac.js';
import type { Directory } from '../directory/directory.js';
import { UsageError } from '../errors.js';
import type { Logger } from '../ui/logger.js';
import { searchBase, type Context } from './session.js';

/**
 * Discovered computers that may join a mesh: domain controllers are left out, and so are disabled
 * accounts when writing (verify keeps them, to report them). Each one left out is warned about.
 */
export function discoveredMembers(log: Logger, found: readonly HostRecord[], forWrite: boolean, where: string): HostRecord[] {
  return found.filter((h) => {
    if (isDomainController(h.userAccountControl)) {
      log.warn(`${where}${h.name} is a domain controller that registers the migration SPN; left out of the mesh`);
      return false;
    }
    if (forWrite && hasFlag(h.userAccountControl, UAC.ACCOUNTDISABLE)) {
      log.warn(`${where}${h.name}'s computer account is disabled; left out of the mesh`);
      return false;
    }
    return true;
  });
}

async function selectHosts(ctx: Context, dir: Directory, sel: HostSelection): Promise<HostRecord[]> {
  const base = searchBase(ctx, dir);
  if (sel.discover) {
    if (sel.names.length) throw new UsageError('both host names and --discover given', 'name the hosts, or use --discover alone');
    return discoveredMembers(ctx.log, (await dir.discoverHosts(base)).sort(byName), sel.forWrite, '');
  }
  const names = parseHostNames(sel.names);
  if (names.length === 0) throw new UsageError('no hosts given', 'name the hosts (HV01 HV02 ..., or --hosts HV01,HV02) or use --discover');
  return resolveHostNames(names, await dir.findHosts(names, base));
}

/** Read the named hosts and sPNMappings (one batch) and check they can form a mesh. */
export async function readMesh(ctx: Context, dir: Directory, sel: HostSelection, policy: Policy): Promise<Reading> {
  const [hosts, mappings] = await Promise.all([selectHosts(ctx, dir, sel), dir.readSpnMappings()]);
  checkMesh(hosts);
  if (sel.forWrite) checkEnabled(hosts);
  return { hosts, mappings, topology: meshTopology(hosts, policy.services, policy.mode), policy };
}

/** Re-read exactly the hosts of an earlier read, by NetBIOS name. */
export function sameHosts(hosts: readonly HostRecord[], forWrite: boolean): HostSelection {
  return { names: hosts.map((h) => h.name), discover: false, forWrite };
}
