import { dnKey, serviceKey, spnKey, uniqueBy } from './keys.js';
import { peerValues } from './spn.js';
import type { HostRecord, Mode, PlanEdge, PlannedValue } from './types.js';

/**
 * "`source` must be able to delegate `services` to `target`", in both name forms of `target`. It is the
 * plan's edge too (`from` and `to` are their names): a mesh's N^2 edges are made once, not copied.
 */
export interface Edge extends PlanEdge {
  source: HostRecord;
  target: HostRecord;
}

export function edge(source: HostRecord, target: HostRecord, services: readonly string[]): Edge {
  return { from: source.name, to: target.name, services, source, target };
}

/**
 * Who must trust whom, as data: the mesh, migration groups with storage, onboarding and offboarding
 * all reduce to this, and one planner turns it into a Plan.
 */
export interface Topology {
  /** Hosts kcdmesh writes to, in display order. */
  members: HostRecord[];
  /** A mesh's are made when first read: planning and verifying it read `mesh` and the members instead. */
  readonly edges: Edge[];
  /**
   * Set when `edges` are every ordered pair of `members` (no two with one DN), each with these
   * services: the plan then reads the hosts, not the N^2 edges.
   */
  mesh?: { services: readonly string[] };
  /** Per member DN (lower-case): stored values to remove (prune, offboard). */
  removals: Map<string, string[]>;
  /** Per member DN (lower-case): the mode its UAC must have, or null to leave UAC alone. */
  modes: Map<string, Mode | null>;
}

function uniqueHosts(hosts: readonly HostRecord[]): HostRecord[] {
  const seen = new Map<string, HostRecord>();
  for (const h of hosts) if (!seen.has(dnKey(h))) seen.set(dnKey(h), h);
  return [...seen.values()];
}

/** Every ordered pair of distinct hosts, every service. */
export function meshEdges(hosts: readonly HostRecord[], services: readonly string[]): Edge[] {
  const keys = hosts.map(dnKey); // N keys, not 2N^2
  const edges: Edge[] = [];
  for (let i = 0; i < hosts.length; i++) {
    const from = hosts[i] as HostRecord;
    for (let j = 0; j < hosts.length; j++) if (keys[i] !== keys[j]) edges.push(edge(from, hosts[j] as HostRecord, services));
  }
  return edges;
}

/** The full mesh of `hosts` in one mode. */
export function meshTopology(hosts: readonly HostRecord[], services: readonly string[], mode: Mode): Topology {
  const members = [...hosts];
  const modes = new Map(members.map((h): [string, Mode] => [dnKey(h), mode]));
  let edges: Edge[] | null = null;
  return {
    members,
    get edges() {
      return (edges ??= meshEdges(members, services));
    },
    // one mode per DN: as many as members when no two members share a DN, the case the plan reads as a mesh
    ...(modes.size === members.length ? { mesh: { services } } : {}),
    removals: new Map(),
    modes,
  };
}

/** How many edges a topology has, without making a mesh's. */
export function pairCount(topo: Pick<Topology, 'members' | 'edges' | 'mesh'>): number {
  const n = topo.members.length;
  if (!topo.mesh) return topo.edges.length;
  return n < 2 ? 0 : n * (n - 1);
}

/** Merge topologies (several groups): a host in two groups trusts the members of both, nothing more. */
export function mergeTopologies(parts: readonly Topology[]): Topology {
  const members = uniqueHosts(parts.flatMap((p) => p.members));
  const edges = new Map<string, Edge>();
  for (const e of parts.flatMap((p) => p.edges)) {
    const key = `${dnKey(e.source)}\u0000${dnKey(e.target)}`;
    const had = edges.get(key);
    const services = had ? uniqueBy([...had.services, ...e.services], serviceKey) : e.services;
    edges.set(key, { ...e, services });
  }
  const removals = new Map<string, string[]>();
  const modes = new Map<string, Mode | null>();
  for (const p of parts) {
    for (const [dn, values] of p.removals) removals.set(dn, [...(removals.get(dn) ?? []), ...values]);
    for (const [dn, mode] of p.modes) if (!modes.has(dn) || modes.get(dn) === null) modes.set(dn, mode);
  }
  return { members, edges: [...edges.values()], removals, modes };
}

/** The values `host` must hold: each edge from it, each service, short name and FQDN, with their structure. */
export function wantedPlanned(host: HostRecord, edges: readonly Edge[]): PlannedValue[] {
  return edges.filter((e) => dnKey(e.source) === dnKey(host)).flatMap((e) => targetPlanned(e.target, e.services));
}

/** The values that delegate `services` to `target`, service by service, short name then FQDN. */
export function targetPlanned(target: HostRecord, services: readonly string[]): PlannedValue[] {
  return peerValues(services, target.name, target.fqdn ?? target.name).map((spn, i) => ({
    peer: target.name,
    service: services[Math.floor(i / 2)] as string,
    nameForm: i % 2 === 0 ? 'short' : 'fqdn',
    spn,
  }));
}

/** The same, as the strings stored in msDS-AllowedToDelegateTo. */
export function wantedValues(host: HostRecord, edges: readonly Edge[]): string[] {
  return wantedPlanned(host, edges).map((v) => v.spn);
}

/** Hosts that are delegated to, with the services asked of each (for target SPN checks). */
export function targetsOf(edges: ReadonlyArray<Pick<Edge, 'target' | 'services'>>): Array<{ target: HostRecord; services: string[] }> {
  type Target = { target: HostRecord; services: Map<string, string>; last: readonly string[] | null };
  const byDn = new Map<string, Target>();
  // A mesh has N^2 edges to N targets, all with one services list: one DN key per target record, and
  // a list just merged into a target is not merged again (that changes nothing), not two keys per edge.
  const byRecord = new Map<HostRecord, Target>();
  for (const e of edges) {
    let t = byRecord.get(e.target);
    if (!t) {
      const key = dnKey(e.target);
      t = byDn.get(key) ?? { target: e.target, services: new Map<string, string>(), last: null };
      byDn.set(key, t);
      byRecord.set(e.target, t);
    }
    if (t.last === e.services) continue;
    t.last = e.services;
    for (const s of e.services) t.services.set(spnKey(s), s);
  }
  return [...byDn.values()].map((t) => ({ target: t.target, services: [...t.services.values()] }));
}
