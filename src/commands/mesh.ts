import { checkEnabled, checkMesh } from '../core/mesh.js';
import { byName } from '../core/discovery.js';
import { parseHostNames, resolveHostNames } from '../core/names.js';
import { computePlan } from '../core/plan.js';
import type { HostRecord, Plan, Policy, SpnMappings } from '../core/types.js';
import { UAC, hasFlag, isDomainController } from '../core/uac.js';
import type { Directory } from '../directory/directory.js';
import { UsageError } from '../errors.js';
import { searchBase, type Context } from './context.js';

/** Which hosts make the mesh: names (positional and --hosts) or --discover, never both. */
export interface HostSelection {
  names: string[];
  discover: boolean;
  /** plan and apply: disabled computers are refused (named) or left out (discovered); verify reports them. */
  forWrite: boolean;
}

export interface MeshState {
  hosts: HostRecord[];
  mappings: SpnMappings;
  plan: Plan;
}

/**
 * Discovered computers that may join a mesh: domain controllers are left out, and so are disabled
 * accounts when writing (verify keeps them, to report them). Each one left out is warned about.
 */
export function discoveredMembers(ctx: Context, found: readonly HostRecord[], forWrite: boolean, where: string): HostRecord[] {
  return found.filter((h) => {
    if (isDomainController(h.userAccountControl)) {
      ctx.log.warn(`${where}${h.name} is a domain controller that registers the migration SPN; left out of the mesh`);
      return false;
    }
    if (forWrite && hasFlag(h.userAccountControl, UAC.ACCOUNTDISABLE)) {
      ctx.log.warn(`${where}${h.name}'s computer account is disabled; left out of the mesh`);
      return false;
    }
    return true;
  });
}

async function selectHosts(ctx: Context, dir: Directory, sel: HostSelection): Promise<HostRecord[]> {
  const base = searchBase(ctx, dir);
  if (sel.discover) {
    if (sel.names.length) throw new UsageError('both host names and --discover given', 'name the hosts, or use --discover alone');
    return discoveredMembers(ctx, (await dir.discoverHosts(base)).sort(byName), sel.forWrite, '');
  }
  const names = parseHostNames(sel.names);
  if (names.length === 0) throw new UsageError('no hosts given', 'name the hosts (HV01 HV02 ..., or --hosts HV01,HV02) or use --discover');
  return resolveHostNames(names, await dir.findHosts(names, base));
}

/** Read the named hosts and sPNMappings (one batch), check they can form a mesh, and plan it. */
export async function readMesh(ctx: Context, dir: Directory, sel: HostSelection, policy: Policy): Promise<MeshState> {
  const [hosts, mappings] = await Promise.all([selectHosts(ctx, dir, sel), dir.readSpnMappings()]);
  checkMesh(hosts);
  if (sel.forWrite) checkEnabled(hosts);
  return { hosts, mappings, plan: computePlan(hosts, policy, mappings) };
}

/** Re-read exactly the hosts of an earlier read, by NetBIOS name. */
export function sameHosts(hosts: readonly HostRecord[], forWrite: boolean): HostSelection {
  return { names: hosts.map((h) => h.name), discover: false, forWrite };
}
