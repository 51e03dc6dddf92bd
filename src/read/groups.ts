import type { Baseline, GroupSpec } from '../config/baseline.js';
import { byName } from '../core/discovery.js';
import { STORAGE_SERVICES, checkOneDomain, groupsTopology, policyOf, type ResolvedGroup } from '../core/groups.js';
import { dnKey, nameKey, sameDn, serviceKey, uniqueBy } from '../core/keys.js';
import { checkEnabled, checkMesh } from '../core/mesh.js';
import { parseHostNames, resolveHostNames } from '../core/names.js';
import { prunable, pruneCandidates } from '../core/prune.js';
import type { Reading } from '../core/state.js';
import { wantedValues, type Topology } from '../core/topology.js';
import type { HostRecord, Mode } from '../core/types.js';
import type { Directory } from '../directory/directory.js';
import { UsageError } from '../errors.js';
import { discoveredMembers } from './mesh.js';
import { searchBase, type Context } from './session.js';
import { classifyTargets } from './targets.js';

async function discoverGroup(ctx: Context, dir: Directory, g: GroupSpec, forWrite: boolean): Promise<HostRecord[]> {
  const d = g.discover!;
  const found = (await dir.discoverByRules(d.searchBase ?? searchBase(ctx, dir), d)).sort(byName);
  return discoveredMembers(ctx.log, found, forWrite, `group ${g.name}: `);
}

/** Resolve every group's hosts and storage: one batched search for all names, one per discovering group. */
export async function resolveGroups(ctx: Context, dir: Directory, b: Baseline, forWrite: boolean): Promise<ResolvedGroup[]> {
  const allNames = b.groups.flatMap((g) => [...(g.hosts ?? []), ...g.storage]);
  const unique = uniqueBy(allNames, (n) => nameKey(n).replace(/\$$/, ''));
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
      if (hosts.some((h) => sameDn(h, s))) throw new UsageError(`group ${g.name}: ${s.name} is both a host and a storage target`, 'list it in one place');
    }
    if (forWrite) within('hosts', () => (checkEnabled(hosts), hosts));
    groups.push({ name: g.name, mode: (g.mode ?? b.mode) as Mode, hosts, storage });
  }
  checkOneDomain(groups);
  return groups;
}

/**
 * --prune: values of managed services that the groups no longer want, pointing at a Hyper-V host or
 * at nothing that exists any more. Storage targets and any other computer are never touched.
 */
export async function withPrune(dir: Directory, topo: Topology, services: readonly string[], storage: readonly HostRecord[]): Promise<Topology> {
  const managed = uniqueBy([...services, ...STORAGE_SERVICES], serviceKey);
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

/** Read a baseline: resolve its groups and build one topology (pruned if asked). */
export async function readBaseline(ctx: Context, dir: Directory, b: Baseline, opts: { forWrite: boolean; prune: boolean }): Promise<Reading> {
  const [groups, mappings] = await Promise.all([resolveGroups(ctx, dir, b, opts.forWrite), dir.readSpnMappings()]);
  let topo = groupsTopology(groups, b.services);
  // A storage target of two groups (FS01, or fs01.example.com in the other) is one host.
  const storage = uniqueBy(groups.flatMap((g) => g.storage), dnKey);
  if (opts.prune) topo = await withPrune(dir, topo, b.services, storage);
  const hosts = [...topo.members, ...storage.filter((s) => !topo.members.some((m) => sameDn(m, s)))];
  return { hosts, mappings, topology: topo, policy: policyOf(b) };
}
