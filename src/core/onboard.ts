import { UsageError } from '../errors.js';
import { STORAGE_SERVICES } from './groups.js';
import { dnKey } from './keys.js';
import { edge, type Edge, type Topology } from './topology.js';
import type { HostRecord, Mode } from './types.js';

/** The new host and its peers trust each other both ways; the new host also reaches its groups' storage. */
export function onboardTopology(host: HostRecord, peers: readonly HostRecord[], storage: readonly HostRecord[], services: readonly string[], mode: Mode): Topology {
  const edges: Edge[] = [
    ...peers.flatMap((p) => [edge(host, p, services), edge(p, host, services)]),
    ...storage.map((s) => edge(host, s, STORAGE_SERVICES)),
  ];
  // Peers keep their UAC: onboarding one host must not change the mode of a running mesh.
  const modes = new Map<string, Mode | null>([[dnKey(host), mode], ...peers.map((p): [string, null] => [dnKey(p), null])]);
  return { members: [host, ...peers], edges, removals: new Map(), modes };
}

/** The new host named among its own peers (by the same name, or by its other name once read). */
export function ownPeerError(host: string, peer: string): UsageError {
  const also = peer === host ? '' : ` (--peers names it as ${JSON.stringify(peer)})`;
  return new UsageError(`${host} cannot be its own peer${also}`, `list in --peers the hosts ${host} will trust both ways, without ${host} itself`);
}
