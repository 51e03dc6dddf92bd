import { dnKey, spnKey } from './keys.js';
import { peerValues } from './spn.js';
import type { Topology } from './topology.js';
import type { HostRecord } from './types.js';

/** The values that let anyone delegate the managed services to `host`, in both name forms. */
export function valuesTo(host: HostRecord, services: readonly string[]): string[] {
  return peerValues(services, host.name, host.fqdn ?? host.name);
}

/** Remove `host` from every holder's values, and its own managed values towards Hyper-V hosts. UAC stays. */
export function offboardTopology(host: HostRecord, holders: readonly HostRecord[], ownDrops: readonly string[], services: readonly string[]): Topology {
  const keys = new Set(valuesTo(host, services).map(spnKey));
  const removals = new Map<string, string[]>();
  for (const h of holders) removals.set(dnKey(h), h.delegateTo.filter((v) => keys.has(spnKey(v))));
  if (ownDrops.length) removals.set(dnKey(host), [...ownDrops]);
  const members = [...holders, ...(ownDrops.length ? [host] : [])];
  return { members, edges: [], removals, modes: new Map(members.map((m) => [dnKey(m), null])) };
}
