import { parseHostNames, resolveHostNames } from '../core/names.js';
import { planTopology } from '../core/plan.js';
import { prunable, pruneCandidates } from '../core/prune.js';
import { peerValues, spnKey } from '../core/spn.js';
import { dnKey, type Topology } from '../core/topology.js';
import type { HostRecord, Policy } from '../core/types.js';
import { isDomainController } from '../core/uac.js';
import type { Directory } from '../directory/directory.js';
import { delegatingToFilters } from '../directory/filter.js';
import { UsageError } from '../errors.js';
import { searchBase, withDirectory, type Context, type Outcome } from './context.js';
import { assertCanConfirm, converge, type WriteOptions } from './converge.js';
import type { MeshState } from './mesh.js';
import { classifyTargets } from './targets.js';

/** The values that let anyone delegate the managed services to `host`, in both name forms. */
const valuesTo = (host: HostRecord, services: readonly string[]): string[] => peerValues(services, host.name, host.fqdn ?? host.name);

/** Remove `host` from every holder's values, and its own managed values towards Hyper-V hosts. UAC stays. */
export function offboardTopology(host: HostRecord, holders: readonly HostRecord[], ownDrops: readonly string[], services: readonly string[]): Topology {
  const keys = new Set(valuesTo(host, services).map(spnKey));
  const removals = new Map<string, string[]>();
  for (const h of holders) removals.set(dnKey(h), h.delegateTo.filter((v) => keys.has(spnKey(v))));
  if (ownDrops.length) removals.set(dnKey(host), [...ownDrops]);
  const members = [...holders, ...(ownDrops.length ? [host] : [])];
  return { members, edges: [], removals, modes: new Map(members.map((m) => [dnKey(m), null])) };
}

async function readOffboard(ctx: Context, dir: Directory, name: string, policy: Policy): Promise<MeshState> {
  const base = searchBase(ctx, dir);
  const [host] = resolveHostNames(parseHostNames([name]), await dir.findHosts(parseHostNames([name]), base));
  if (isDomainController(host.userAccountControl)) {
    throw new UsageError(`${host.name} is a domain controller (${host.dn})`, 'kcdmesh never writes to domain controllers; remove its delegation by hand');
  }
  const found: HostRecord[] = [];
  for (const filter of delegatingToFilters(valuesTo(host, policy.services))) found.push(...(await dir.searchHosts(base, filter)));
  const holders = found.filter((h) => {
    if (dnKey(h) === dnKey(host)) return false;
    if (isDomainController(h.userAccountControl)) ctx.log.warn(`${h.name} is a domain controller holding delegation to ${host.name}; kcdmesh does not write to DCs, remove it by hand`);
    return !isDomainController(h.userAccountControl);
  });
  const own = pruneCandidates(host, [], policy.services);
  const kindOf = await classifyTargets(dir, own.map((c) => c.target), [], policy.services);
  const ownDrops = own.filter((c) => prunable(kindOf(c.target))).map((c) => c.value);
  const mappings = await dir.readSpnMappings();
  const topo = offboardTopology(host, holders, ownDrops, policy.services);
  return { hosts: [host, ...holders], mappings, plan: planTopology(topo, policy, mappings) };
}

/** Take a host out of every mesh: nobody delegates to it, it delegates to no Hyper-V host; foreign values stay. */
export async function offboardCommand(ctx: Context, name: string, policy: Policy, opts: WriteOptions): Promise<Outcome> {
  assertCanConfirm(ctx, opts.yes, 'offboard');
  return withDirectory(ctx, (dir) =>
    converge(ctx, dir, {
      command: 'offboard',
      read: () => readOffboard(ctx, dir, name, policy),
      opts,
      doneText: (_after, { results }) => `${name} is out of the mesh: removed from ${results.length} host${results.length === 1 ? "" : "s"}; values kcdmesh does not manage were kept.\n`,
    }),
  );
}
