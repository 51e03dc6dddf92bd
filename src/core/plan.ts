import { UsageError } from '../errors.js';
import { targetFindings, accountFindings } from './findings.js';
import { dnKey, hostChanges, spnKey } from './keys.js';
import { meshTopology, targetsOf, wantedPlanned, type Edge, type Topology } from './topology.js';
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

/** Planned values whose key is not among `have`, first spelling kept, duplicates dropped. */
export function missingPlanned(wanted: readonly PlannedValue[], have: readonly string[]): PlannedValue[] {
  const keys = new Set(have.map(spnKey));
  const out: PlannedValue[] = [];
  for (const v of wanted) {
    const k = spnKey(v.spn);
    if (keys.has(k)) continue;
    keys.add(k);
    out.push(v);
  }
  return out;
}

/** One member's change: add what its edges want, remove what the topology drops, set its mode. */
export function planMember(host: HostRecord, topo: Topology, edgesFrom: readonly Edge[] = topo.edges): HostPlan {
  const drop = new Set((topo.removals.get(dnKey(host)) ?? []).map(spnKey));
  const remove = drop.size ? host.delegateTo.filter((v) => drop.has(spnKey(v))) : [];
  const mode = topo.modes.get(dnKey(host)) ?? null;
  const to = mode ? desiredUac(host.userAccountControl, mode) : host.userAccountControl;
  const planned = missingPlanned(wantedPlanned(host, edgesFrom), drop.size ? host.delegateTo.filter((v) => !drop.has(spnKey(v))) : host.delegateTo);
  return {
    host: host.name,
    dn: host.dn,
    current: [...host.delegateTo],
    add: planned.map((v) => v.spn),
    planned,
    remove,
    uac: to === host.userAccountControl ? null : { from: host.userAccountControl, to },
  };
}

/** The whole difference between the directory and a topology. Pure. */
export function planTopology(topo: Topology, policy: Policy, mappings: SpnMappings): Plan {
  // Group the edges by delegating host once: a mesh has N^2 edges, and each host needs only its own.
  const byFrom = new Map<string, Edge[]>();
  for (const e of topo.edges) {
    const list = byFrom.get(dnKey(e.from));
    if (list) list.push(e);
    else byFrom.set(dnKey(e.from), [e]);
  }
  const plans = topo.members.map((h) => planMember(h, topo, byFrom.get(dnKey(h)) ?? []));
  const position = new Map(topo.members.map((m, i) => [dnKey(m), i]));
  const order = (dn: string): number => position.get(dn) ?? topo.members.length;
  const targets = targetsOf(topo.edges).sort((a, b) => order(dnKey(a.target)) - order(dnKey(b.target)) || a.target.name.localeCompare(b.target.name));
  return {
    mode: policy.mode,
    services: [...policy.services],
    hosts: plans,
    edges: topo.edges.map((e) => ({ from: e.from.name, to: e.to.name, services: [...e.services] })),
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
