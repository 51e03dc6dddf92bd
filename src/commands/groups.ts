import type { Baseline, GroupSpec } from '../config/baseline.js';
import { byName } from '../core/discovery.js';
import { checkEnabled, checkMesh, domainOfDn } from '../core/mesh.js';
import { parseHostNames, resolveHostNames } from '../core/names.js';
import { planTopology } from '../core/plan.js';
import { prunable, pruneCandidates } from '../core/prune.js';
import { dnKey, mergeTopologies, meshEdges, wantedValues, type Edge, type Topology } from '../core/topology.js';
import type { HostRecord, Mode, Policy } from '../core/types.js';
import type { Directory } from '../directory/directory.js';
import { criteriaFilter } from '../directory/filter.js';
import { UsageError } from '../errors.js';
import { searchBase, type Context } from './context.js';
import { discoveredMembers, type MeshState } from './mesh.js';
import { classifyTargets } from './targets.js';

/** Storage targets get `cifs` from every host of their group, one way. */
export const STORAGE_SERVICES = ['cifs'] as const;

export interface ResolvedGroup {
  name: string;
  mode: Mode;
  hosts: HostRecord[];
  storage: HostRecord[];
}

export function policyOf(b: Baseline): Policy {
  return { services: b.services, mode: b.mode as Mode, maxValues: b.maxValues };
}

async function discoverGroup(ctx: Context, dir: Directory, g: GroupSpec, forWrite: boolean): Promise<HostRecord[]> {
  const d = g.discover!;
  const found = (await dir.searchHosts(d.searchBase ?? searchBase(ctx, dir), criteriaFilter(d))).sort(byName);
  return discoveredMembers(ctx, found, forWrite, `group ${g.name}: `);
}

/** Resolve every group's hosts and storage: one batched search for all names, one per discovering group. */
export async function resolveGroups(ctx: Context, dir: Directory, b: Baseline, forWrite: boolean): Promise<ResolvedGroup[]> {
  const allNames = b.groups.flatMap((g) => [...(g.hosts ?? []), ...g.storage]);
  const unique = [...new Map(allNames.map((n) => [n.trim().toLowerCase().replace(/\$$/, ''), n])).values()];
  const found = unique.length ? await dir.findHosts(parseHostNames(unique), searchBase(ctx, dir)) : [];
  const groups: ResolvedGroup[] = [];
  for (const g of b.groups) {
    const within = (what: string, fn: () => HostRecord[]): HostRecord[] => {
      try {
        return fn();
      } catch (err) {
        if (err instanceof UsageError) throw new UsageError(`group ${g.name}, ${what}: ${err.message}`, err.hint);
        throw err;
      }
    };
    const hosts = g.hosts ? within('hosts', () => resolveHostNames(parseHostNames(g.hosts!), found)) : await discoverGroup(ctx, dir, g, forWrite);
    const storage = within('storage', () => resolveHostNames(parseHostNames(g.storage), found));
    // A group may be one host and its storage; otherwise a mesh needs two.
    within('hosts', () => (checkMesh(hosts, storage.length ? 1 : 2), hosts));
    within('storage', () => (checkMesh(storage, 0), storage));
    for (const s of storage) {
      if (hosts.some((h) => dnKey(h) === dnKey(s))) throw new UsageError(`group ${g.name}: ${s.name} is both a host and a storage target`, 'list it in one place');
    }
    if (forWrite) within('hosts', () => (checkEnabled(hosts), hosts));
    groups.push({ name: g.name, mode: (g.mode ?? b.mode) as Mode, hosts, storage });
  }
  checkOneDomain(groups);
  return groups;
}

function checkOneDomain(groups: readonly ResolvedGroup[]): void {
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
      const storageEdges: Edge[] = g.hosts.flatMap((h) => g.storage.map((s) => ({ from: h, to: s, services: STORAGE_SERVICES })));
      return {
        members: g.hosts,
        edges: [...meshEdges(g.hosts, services), ...storageEdges],
        removals: new Map(),
        modes: new Map(g.hosts.map((h) => [dnKey(h), g.mode])),
      };
    }),
  );
}

/**
 * --prune: values of managed services that the groups no longer want, pointing at a Hyper-V host or
 * at nothing that exists any more. Storage targets and any other computer are never touched.
 */
export async function withPrune(dir: Directory, topo: Topology, services: readonly string[], storage: readonly HostRecord[]): Promise<Topology> {
  const managed = [...new Map([...services, ...STORAGE_SERVICES].map((s) => [s.toLowerCase(), s])).values()];
  const candidates = topo.members.map((h) => ({ host: h, list: pruneCandidates(h, wantedValues(h, topo.edges), managed) }));
  const forms = candidates.flatMap((c) => c.list.map((x) => x.target));
  if (forms.length === 0) return topo;
  const kindOf = await classifyTargets(dir, forms, storage, managed);
  const removals = new Map(topo.removals);
  for (const c of candidates) {
    const drop = c.list.filter((x) => prunable(kindOf(x.target))).map((x) => x.value);
    if (drop.length) removals.set(dnKey(c.host), [...(removals.get(dnKey(c.host)) ?? []), ...drop]);
  }
  return { ...topo, removals };
}

/** Read a baseline: resolve its groups, build one topology (pruned if asked) and plan it. */
export async function readBaseline(ctx: Context, dir: Directory, b: Baseline, opts: { forWrite: boolean; prune: boolean }): Promise<MeshState> {
  const [groups, mappings] = await Promise.all([resolveGroups(ctx, dir, b, opts.forWrite), dir.readSpnMappings()]);
  let topo = groupsTopology(groups, b.services);
  const storage = groups.flatMap((g) => g.storage);
  if (opts.prune) topo = await withPrune(dir, topo, b.services, storage);
  const hosts = [...topo.members, ...storage.filter((s) => !topo.members.some((m) => dnKey(m) === dnKey(s)))];
  return { hosts, mappings, plan: planTopology(topo, policyOf(b), mappings) };
}
