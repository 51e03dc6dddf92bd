import { UsageError } from '../errors.js';
import { targetFindings, accountFindings } from './findings.js';
import { desiredValues } from './mesh.js';
import { spnKey } from './spn.js';
import type { Finding, HostPlan, HostRecord, Plan, Policy, SpnMappings } from './types.js';
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

export function planHost(host: HostRecord, hosts: readonly HostRecord[], policy: Policy): HostPlan {
  const to = desiredUac(host.userAccountControl, policy.mode);
  return {
    host: host.name,
    dn: host.dn,
    current: [...host.delegateTo],
    add: missingValues(desiredValues(host, hosts, policy.services), host.delegateTo),
    remove: [],
    uac: to === host.userAccountControl ? null : { from: host.userAccountControl, to },
  };
}

/** The whole difference between the directory and the mesh `policy` describes. Pure. */
export function computePlan(hosts: readonly HostRecord[], policy: Policy, mappings: SpnMappings): Plan {
  const plans = hosts.map((h) => planHost(h, hosts, policy));
  return {
    mode: policy.mode,
    services: [...policy.services],
    hosts: plans,
    warnings: [...targetFindings(hosts, policy.services, mappings), ...accountFindings(hosts), ...budgetFindings(plans, policy.maxValues)],
  };
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
    return [{
      kind: 'value-budget',
      severity: over ? 'error' : 'warning',
      host: p.host,
      message: over
        ? `${p.host} would hold ${n} delegation values, over the limit of ${maxValues}`
        : `${p.host} would hold ${n} delegation values, near the limit of ${maxValues}`,
    }];
  });
}

/** Refuse, before anything is written, a plan the directory would reject part-way. */
export function assertWritable(plan: Plan): void {
  const over = plan.warnings.find((w) => w.kind === 'value-budget' && w.severity === 'error');
  if (over) {
    throw new UsageError(over.message, 'split the hosts into migration groups (meshes that do not cross), or raise --max-values if your forest allows more');
  }
}

export function isEmptyPlan(plan: Plan): boolean {
  return plan.hosts.every((h) => h.add.length === 0 && h.remove.length === 0 && h.uac === null);
}

export interface PlanCounts {
  add: number;
  remove: number;
  uac: number;
  hostsChanged: number;
}

export function countPlan(plan: Plan): PlanCounts {
  const changed = plan.hosts.filter((h) => h.add.length || h.remove.length || h.uac);
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
  return JSON.stringify(plan.hosts.map((h) => [h.dn.toLowerCase(), h.add.map(spnKey).sort(), h.remove.map(spnKey).sort(), h.uac]));
}
