import { UsageError } from '../errors.js';
import { dnKey } from './keys.js';
import { domainOfDn } from './mesh.js';
import { edge, mergeTopologies, meshEdges, type Edge, type Topology } from './topology.js';
import type { HostRecord, Mode, Policy } from './types.js';

/** Storage targets get `cifs` from every host of their group, one way. */
export const STORAGE_SERVICES = ['cifs'] as const;

/** A config group with its names resolved to computer objects. */
export interface ResolvedGroup {
  name: string;
  mode: Mode;
  hosts: HostRecord[];
  storage: HostRecord[];
}

/** The policy part of a baseline (services, mode, value budget). */
export function policyOf(b: { services: string[]; mode: string; maxValues: number }): Policy {
  return { services: b.services, mode: b.mode as Mode, maxValues: b.maxValues };
}

/** Constrained delegation works only inside one domain: a config whose hosts span two is refused. */
export function checkOneDomain(groups: readonly ResolvedGroup[]): void {
  const seen = new Map<string, string>();
  for (const g of groups) for (const h of [...g.hosts, ...g.storage]) if (!seen.has(domainOfDn(h.dn))) seen.set(domainOfDn(h.dn), `${h.name} (group ${g.name})`);
  if (seen.size > 1) {
    throw new UsageError(`the config spans domains: ${[...seen].map(([d, h]) => `${h} in ${d}`).join(', ')}`, 'constrained delegation works only inside one domain: one config per domain');
  }
}

/** Groups as one topology: meshes inside groups, storage one way; a host in two groups in two modes is refused. */
export function groupsTopology(groups: readonly ResolvedGroup[], services: readonly string[]): Topology {
  const modeOf = new Map<string, { mode: Mode; group: string }>();
  for (const g of groups) {
    for (const h of g.hosts) {
      const had = modeOf.get(dnKey(h));
      if (had && had.mode !== g.mode) {
        throw new UsageError(`${h.name} is in group ${had.group} (${had.mode}) and group ${g.name} (${g.mode})`, 'a host has one delegation mode: give both groups the same mode');
      }
      modeOf.set(dnKey(h), { mode: g.mode, group: g.name });
    }
  }
  return mergeTopologies(
    groups.map((g) => {
      const storageEdges: Edge[] = g.hosts.flatMap((h) => g.storage.map((s) => edge(h, s, STORAGE_SERVICES)));
      return {
        members: g.hosts,
        edges: [...meshEdges(g.hosts, services), ...storageEdges],
        removals: new Map(),
        modes: new Map(g.hosts.map((h) => [dnKey(h), g.mode])),
      };
    }),
  );
}
