import { planTopology } from './plan.js';
import type { Topology } from './topology.js';
import type { HostRecord, Plan, Policy, SpnMappings } from './types.js';

/** What a reader returns: the hosts as the directory holds them, and who must trust whom among them. */
export interface Reading {
  /** Every host read (members and targets), in display order. */
  hosts: HostRecord[];
  mappings: SpnMappings;
  topology: Topology;
  policy: Policy;
}

/** A reading and its plan: what every command shows, writes from, and verifies. */
export interface MeshState {
  hosts: HostRecord[];
  mappings: SpnMappings;
  plan: Plan;
}

/** Pure: plan a reading. */
export function planReading(r: Reading): MeshState {
  return { hosts: r.hosts, mappings: r.mappings, plan: planTopology(r.topology, r.policy, r.mappings) };
}
