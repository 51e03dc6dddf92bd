import { verifyFindings } from './findings.js';
import { trustPairs, type PairStatus } from './matrix.js';
import { computePlan } from './plan.js';
import type { Finding, HostRecord, Mode, Plan, Policy, SpnMappings } from './types.js';

/** Verify's result: the plan that should be empty, what it found, and who trusts whom. */
export interface Verdict {
  mode: Mode;
  services: string[];
  hosts: Array<{ name: string; dn: string; fqdn: string | null }>;
  findings: Finding[];
  pairs: PairStatus[];
  ok: boolean;
}

/**
 * A host near (not over) the value budget is worth saying but is not a broken mesh: a large, complete
 * mesh must still verify clean in a pipeline. Everything else fails verify.
 */
export function isAdvisory(f: Finding): boolean {
  return f.kind === 'value-budget' && f.severity === 'warning';
}

export function verdictFromPlan(plan: Plan, hosts: readonly HostRecord[]): Verdict {
  const findings = verifyFindings(plan, hosts);
  return {
    mode: plan.mode,
    services: plan.services,
    hosts: hosts.map((h) => ({ name: h.name, dn: h.dn, fqdn: h.fqdn })),
    findings,
    pairs: trustPairs(hosts, plan.services, findings, plan.edges),
    ok: findings.every(isAdvisory),
  };
}

export function computeVerdict(hosts: readonly HostRecord[], policy: Policy, mappings: SpnMappings): Verdict {
  return verdictFromPlan(computePlan(hosts, policy, mappings), hosts);
}

/** Findings only a wider read can make (replication across DCs) join the verdict; any finding means not ok. */
export function withFindings(v: Verdict, more: readonly Finding[]): Verdict {
  if (more.length === 0) return v;
  return { ...v, findings: [...v.findings, ...more], ok: v.ok && more.every(isAdvisory) };
}
