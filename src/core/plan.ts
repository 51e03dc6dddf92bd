import { UsageError } from '../errors.js';
import { targetFindings, accountFindings } from './findings.js';
import { dnKey, hostChanges, spnKey } from './keys.js';
import { RoundMarks } from './marks.js';
import { meshTopology, pairCount, targetPlanned, targetsOf, type Edge, type Topology } from './topology.js';
import type { Finding, HostPlan, HostRecord, Plan, PlannedValue, Policy, SpnMappings } from './types.js';
import { desiredUac } from './uac.js';

/** A host is warned about when its values pass this share of the budget. */
const WARN_SHARE = 2 / 3;

/** Values in `wanted` whose key is not among `have`, first spelling kept, duplicates dropped. */
export function missingValues(wanted: readonly string[], have: readonly string[]): string[] {
  const keys = new Set(have.map(spnKey));
  const out: string[] = [];
  for (const v of wanted) {
    const k = spnKey(v);
    if (keys.has(k)) continue;
    keys.add(k);
    out.push(v);
  }
  return out;
}

/** The planned values (and their keys, spelling numbers and key numbers) that delegate some services to one target. */
interface TargetValues {
  planned: readonly PlannedValue[];
  keys: readonly string[];
  ids: readonly number[];
  keyIds: readonly number[];
  /** A number for these values among the plan's. */
  part: number;
}

/**
 * A number for each wanted spelling, made once per plan, and which of them the host being planned wants
 * and holds. Marking a host's values in arrays, against the plan's 4N wanted spellings, replaces a set of
 * the N values each of N hosts holds: no allocation per host, and a complete mesh holds nothing else.
 */
class HeldSpellings {
  private readonly ids = new Map<string, number>();
  private readonly keyIds = new Map<string, number>();
  private readonly wanted = new RoundMarks();
  private readonly held = new RoundMarks();
  private readonly seen = new RoundMarks();
  /** Whether two wanted values share a key (a target without an FQDN, one reached with two services lists, ...). */
  private sharedKeys = false;
  private parts = 0;
  private readonly partsMet = new RoundMarks();

  idOf(spelling: string): number {
    let id = this.ids.get(spelling);
    if (id === undefined) this.ids.set(spelling, (id = this.ids.size));
    return id;
  }

  /** A number for each wanted key (a value as compared: case and blanks aside), made once per plan. */
  keyIdOf(key: string): number {
    let id = this.keyIds.get(key);
    if (id === undefined) this.keyIds.set(key, (id = this.keyIds.size));
    else this.sharedKeys = true;
    return id;
  }

  /** A target's values with their keys and numbers. */
  values(planned: readonly PlannedValue[]): TargetValues {
    const keys = planned.map((v) => spnKey(v.spn));
    return { planned, keys, ids: planned.map((v) => this.idOf(v.spn)), keyIds: keys.map((k) => this.keyIdOf(k)), part: this.parts++ };
  }

  /**
   * Every value of `parts`, in order, when each part comes once and no two wanted values share a key:
   * what a host that holds nothing lacks. Null otherwise (then values must be told apart one by one).
   */
  allOnce(parts: readonly TargetValues[]): PlannedValue[] | null {
    if (this.sharedKeys) return null;
    this.partsMet.clear();
    const all: PlannedValue[] = [];
    for (const { planned, part } of parts) {
      if (this.partsMet.has(part)) return null;
      this.partsMet.add(part);
      for (const v of planned) all.push(v);
    }
    return all;
  }

  /**
   * Start a host: mark the spellings it wants (`parts`) and which of them it holds. Returns the values it
   * holds in no wanted spelling (none, for a host of a mesh kcdmesh wrote).
   */
  hold(parts: readonly TargetValues[], values: readonly string[]): string[] {
    this.wanted.clear();
    this.held.clear();
    for (const { ids } of parts) for (const id of ids) this.wanted.add(id);
    const rest: string[] = [];
    for (const v of values) {
      const id = this.ids.get(v);
      if (id !== undefined && this.wanted.has(id)) this.held.add(id);
      else rest.push(v);
    }
    return rest;
  }

  /** Whether the host of the last `hold` holds spelling `id` exactly. */
  holds(id: number): boolean {
    return this.held.has(id);
  }

  /** Start counting keys as seen: those of `values` (a key no target wants cannot be met again). */
  see(values: readonly string[]): void {
    this.seen.clear();
    for (const v of values) {
      const id = this.keyIds.get(spnKey(v));
      if (id !== undefined) this.seen.add(id);
    }
  }

  /** Whether key `id` was seen since `see`; it counts as seen from now on. */
  seenBefore(id: number): boolean {
    if (this.seen.has(id)) return true;
    this.seen.add(id);
    return false;
  }
}

/** Planned values whose key is not among `have`, first spelling kept, duplicates dropped. */
export function missingPlanned(wanted: readonly PlannedValue[], have: readonly string[]): PlannedValue[] {
  const spellings = new HeldSpellings();
  return compare([spellings.values(wanted)], have, spellings).missing;
}

/** A host's values against what its edges want: what it lacks, and what it holds that no edge wants. */
interface Comparison {
  missing: PlannedValue[];
  unwanted: string[];
}

/**
 * Whether a host holds exactly the wanted spellings, in the order kcdmesh writes them: then it lacks
 * nothing and holds nothing else, which one comparison per value shows without looking any value up.
 * A DC returns the values of a host kcdmesh wrote in that order; any other order takes the general way.
 */
function heldAsWritten(parts: readonly TargetValues[], have: readonly string[]): boolean {
  let k = 0;
  for (const { planned } of parts) for (const v of planned) if (have[k++] !== v.spn) return false;
  return k === have.length;
}

/**
 * missingPlanned over the values of several targets in turn, their keys already made, and the held values
 * no target wants in any spelling. A value held in the very spelling wanted is found without a key: in a
 * mesh kcdmesh wrote, that is every value, so no key is made for the N values each of N hosts holds. The
 * keys are compared by number: a host that holds nothing yet lacks N values, and none of them is hashed.
 */
function compare(parts: readonly TargetValues[], have: readonly string[], spellings: HeldSpellings): Comparison {
  const all = have.length === 0 ? spellings.allOnce(parts) : null;
  if (all) return { missing: all, unwanted: [] };
  if (heldAsWritten(parts, have)) return { missing: [], unwanted: [] };
  const other = spellings.hold(parts, have);
  let seeing = false;
  const missing: PlannedValue[] = [];
  for (const { planned, keyIds, ids } of parts) {
    for (let i = 0; i < planned.length; i++) {
      if (spellings.holds(ids[i] as number)) continue;
      if (!seeing) {
        // held in another spelling (case, blanks) counts as held
        spellings.see(have);
        seeing = true;
      }
      if (!spellings.seenBefore(keyIds[i] as number)) missing.push(planned[i] as PlannedValue);
    }
  }
  if (other.length === 0) return { missing, unwanted: other };
  // Spelt otherwise than kcdmesh writes it (case, blanks), a value may still be wanted: compare keys.
  const wantedKeys = new Set<string>();
  for (const { keys } of parts) for (const k of keys) wantedKeys.add(k);
  return { missing, unwanted: other.filter((v) => !wantedKeys.has(spnKey(v))) };
}

/** Each target's wanted values, and the spellings held by the host being planned: one per plan. */
interface PlanCache {
  valuesOf: (target: HostRecord, services: readonly string[]) => TargetValues;
  spellings: HeldSpellings;
  /**
   * When every edge asked so far carried one services list (a mesh): each target once, in the order the
   * edges first reach it, with that list. targetsOf of these N says what targetsOf of the N^2 edges says.
   */
  oneListTargets: () => Array<Pick<Edge, 'target' | 'services'>> | null;
}

/**
 * Each target's planned values and keys, made once per plan: every member of a mesh of N asks for the
 * same values of each peer, so building (and lower-casing) them per edge costs N^2 objects and strings.
 * The values are data nobody changes, so the hosts' plans share them.
 */
function planCache(): PlanCache {
  const spellings = new HeldSpellings();
  const byServices = new Map<readonly string[], Map<HostRecord, TargetValues>>();
  // the edges of a mesh share one services list: one lookup per edge, by its target
  let services: readonly string[] | null = null;
  let byTarget = new Map<HostRecord, TargetValues>();
  const valuesOf = (target: HostRecord, list: readonly string[]): TargetValues => {
    if (list !== services) {
      services = list;
      const known = byServices.get(services);
      if (known) byTarget = known;
      else byServices.set(services, (byTarget = new Map()));
    }
    let tv = byTarget.get(target);
    if (!tv) {
      tv = spellings.values(targetPlanned(target, list));
      byTarget.set(target, tv);
    }
    return tv;
  };
  const oneListTargets = (): Array<Pick<Edge, 'target' | 'services'>> | null => {
    if (byServices.size !== 1) return null;
    const [[list, targets]] = byServices;
    return [...targets.keys()].map((target) => ({ target, services: list }));
  };
  return { valuesOf, spellings, oneListTargets };
}

/** One member's change: add what its edges want (`parts`, target by target), remove what the topology drops, set its mode. */
function planMember(host: HostRecord, topo: Topology, parts: readonly TargetValues[], spellings: HeldSpellings): HostPlan {
  const drop = new Set((topo.removals.get(dnKey(host)) ?? []).map(spnKey));
  const remove = drop.size ? host.delegateTo.filter((v) => drop.has(spnKey(v))) : [];
  const mode = topo.modes.get(dnKey(host)) ?? null;
  const to = mode ? desiredUac(host.userAccountControl, mode) : host.userAccountControl;
  const kept = drop.size ? host.delegateTo.filter((v) => !drop.has(spnKey(v))) : host.delegateTo;
  const { missing: planned, unwanted } = compare(parts, kept, spellings);
  return {
    host: host.name,
    dn: host.dn,
    // the values read, shared with the host record (neither is ever changed): not a copy of N values per host
    current: host.delegateTo,
    add: planned.map((v) => v.spn),
    planned,
    remove,
    unmanaged: unwanted,
    uac: to === host.userAccountControl ? null : { from: host.userAccountControl, to },
  };
}

/** What each member must hold, target by target (`at` is its place among the members). */
type PartsOf = (host: HostRecord, at: number) => readonly TargetValues[];

/**
 * A mesh, from its hosts: every member wants every other member's values, so the N targets' values are
 * made once and each member's are those without its own, in member order, as the mesh's edges list them.
 */
function meshParts(members: readonly HostRecord[], services: readonly string[], valuesOf: PlanCache['valuesOf']): PartsOf {
  if (members.length < 2) return () => [];
  const all = members.map((m) => valuesOf(m, services));
  return (_host, at) => all.slice(0, at).concat(all.slice(at + 1));
}

/** Any topology, from its edges, in one pass: a host needs only its own edges. */
function edgeParts(edges: readonly Edge[], valuesOf: PlanCache['valuesOf']): PartsOf {
  const partsByFrom = new Map<string, TargetValues[]>();
  let source: HostRecord | null = null;
  let parts: TargetValues[] = [];
  for (const e of edges) {
    // a host's edges come together: one DN key per run of edges, not one per edge
    if (e.source !== source) {
      source = e.source;
      const key = dnKey(source);
      parts = partsByFrom.get(key) ?? [];
      if (!partsByFrom.has(key)) partsByFrom.set(key, parts);
    }
    parts.push(valuesOf(e.target, e.services));
  }
  return (host) => partsByFrom.get(dnKey(host)) ?? [];
}

/** The whole difference between the directory and a topology. Pure. */
export function planTopology(topo: Topology, policy: Policy, mappings: SpnMappings): Plan {
  const { valuesOf, spellings, oneListTargets } = planCache();
  const partsOf = topo.mesh ? meshParts(topo.members, topo.mesh.services, valuesOf) : edgeParts(topo.edges, valuesOf);
  const plans = topo.members.map((h, at) => planMember(h, topo, partsOf(h, at), spellings));
  const position = new Map(topo.members.map((m, i) => [dnKey(m), i]));
  const order = (dn: string): number => position.get(dn) ?? topo.members.length;
  const targets = targetsOf(oneListTargets() ?? topo.edges).sort((a, b) => order(dnKey(a.target)) - order(dnKey(b.target)) || a.target.name.localeCompare(b.target.name));
  return {
    mode: policy.mode,
    services: [...policy.services],
    hosts: plans,
    // the topology's edges are the plan's: a mesh's N^2 edges are not copied, nor made unless read
    get edges() {
      return topo.edges;
    },
    pairCount: pairCount(topo),
    warnings: [
      ...targets.flatMap((t) => targetFindings([t.target], t.services, mappings)),
      ...accountFindings(topo.members),
      ...budgetFindings(plans, policy.maxValues),
    ],
  };
}

/** The full mesh of `hosts` under `policy`. */
export function computePlan(hosts: readonly HostRecord[], policy: Policy, mappings: SpnMappings): Plan {
  return planTopology(meshTopology(hosts, policy.services, policy.mode), policy, mappings);
}

export function valuesAfter(p: HostPlan): number {
  return p.current.length + p.add.length - p.remove.length;
}

function budgetFindings(plans: readonly HostPlan[], maxValues: number): Finding[] {
  const warnAt = Math.floor(maxValues * WARN_SHARE);
  return plans.flatMap((p): Finding[] => {
    const n = valuesAfter(p);
    if (n <= warnAt) return [];
    const over = n > maxValues;
    return [{ kind: 'value-budget', severity: over ? 'error' : 'warning', host: p.host, count: n, limit: maxValues }];
  });
}

/** Refuse, before anything is written, a plan the directory would reject part-way. */
export function assertWritable(plan: Plan): void {
  const over = plan.warnings.find((w) => w.kind === 'value-budget' && w.severity === 'error');
  if (over) {
    throw new UsageError(`${over.host} would hold ${over.count} delegation values, over the limit of ${over.limit}`, 'split the hosts into migration groups (meshes that do not cross), or raise --max-values if your forest allows more');
  }
}

export function isEmptyPlan(plan: Plan): boolean {
  return !plan.hosts.some(hostChanges);
}

export interface PlanCounts {
  add: number;
  remove: number;
  uac: number;
  hostsChanged: number;
}

export function countPlan(plan: Plan): PlanCounts {
  const changed = plan.hosts.filter(hostChanges);
  return {
    add: plan.hosts.reduce((n, h) => n + h.add.length, 0),
    remove: plan.hosts.reduce((n, h) => n + h.remove.length, 0),
    uac: plan.hosts.filter((h) => h.uac).length,
    hostsChanged: changed.length,
  };
}

/**
 * The part of a plan that must not move between "shown" and "written": what will be added, removed
 * and the UAC transition. A foreign value added meanwhile does not change it; a flipped flag does.
 */
export function planFingerprint(plan: Plan): string {
  return JSON.stringify(plan.hosts.map((h) => [dnKey(h), h.add.map(spnKey).sort(), h.remove.map(spnKey).sort(), h.uac]));
}
