import { sameDn } from '../core/keys.js';
import { parseHostNames, resolveHostNames } from '../core/names.js';
import { offboardTopology, valuesTo } from '../core/offboard.js';
import { prunable, pruneCandidates } from '../core/prune.js';
import type { Reading } from '../core/state.js';
import type { Policy } from '../core/types.js';
import { isDomainController } from '../core/uac.js';
import type { Directory } from '../directory/directory.js';
import { UsageError } from '../errors.js';
import { searchBase, type Context } from './session.js';
import { classifyTargets } from './targets.js';

/** The leaving host, who delegates to it, and which of its own managed values point at Hyper-V hosts. */
export async function readOffboard(ctx: Context, dir: Directory, name: string, policy: Policy): Promise<Reading> {
  const base = searchBase(ctx, dir);
  const [host] = resolveHostNames(parseHostNames([name]), await dir.findHosts(parseHostNames([name]), base));
  if (isDomainController(host.userAccountControl)) {
    throw new UsageError(`${host.name} is a domain controller (${host.dn})`, 'kcdmesh never writes to domain controllers; remove its delegation by hand');
  }
  const found = await dir.findDelegatingTo(valuesTo(host, policy.services), base);
  const holders = found.filter((h) => {
    if (sameDn(h, host)) return false;
    if (isDomainController(h.userAccountControl)) ctx.log.warn(`${h.name} is a domain controller holding delegation to ${host.name}; kcdmesh does not write to DCs, remove it by hand`);
    return !isDomainController(h.userAccountControl);
  });
  const own = pruneCandidates(host, [], policy.services);
  const kindOf = await classifyTargets(dir, own.map((c) => c.target), [], policy.services);
  const ownDrops = own.filter((c) => prunable(kindOf(c.target))).map((c) => c.value);
  const mappings = await dir.readSpnMappings();
  return { hosts: [host, ...holders], mappings, topology: offboardTopology(host, holders, ownDrops, policy.services), policy };
}
