import { dcTargetFindings, verifyFindings, type DcName } from './findings.js';
import { pairCounts, trustPairs, type PairCounts, type PairStatus } from './matrix.js';
import { constrainedMode, meshMode, meshModeFindings } from './mesh-mode.js';
import { operatorFindings, type OperatorRecord } from './operators.js';
import { computePlan } from './plan.js';
import { hostOs, preflightFindings } from './preflight.js';
import { spnKey } from './keys.js';
import { parseSpn, peerValues } from './spn.js';
import type { CurrentMode, Finding, HostRecord, Mode, Plan, Policy, Severity, SpnMappings } from './types.js';
import { currentMode } from './uac.js';

/** A value a host holds that kcdmesh does not manage: someone else's delegation, shown with its parts. */
export interface ForeignValue {
  spn: string;
  service: string;
  target: string;
}

export interface VerdictHost {
  name: string;
  dn: string;
  fqdn: string | null;
  mode: CurrentMode;
  operatingSystem: string | null;
  operatingSystemVersion: string | null;
  /** "Windows Server 2022", from the build number when known. */
  release: string | null;
  foreign: ForeignValue[];
}

/** Verify's result: the plan that should be empty, what it found, and who trusts whom. */
export interface Verdict {
  /** The mode checked: the policy's, or (not enforced) the one most hosts use. */
  mode: Mode;
  /** False when neither --mode nor the config gave a mode: then only disagreement is a finding. */
  modeEnforced: boolean;
  services: string[];
  hosts: VerdictHost[];
  /** Worst first, then by host: the order every format lists them in. */
  findings: Finding[];
  /** findings.length: the one count every format shows. */
  count: number;
  /** The worst severity found, or null when there is none. */
  worst: Severity | null;
  /** Every directed pair the plan establishes (in memory, for the matrix; JSON gives pairCounts). */
  pairs: PairStatus[];
  pairCounts: PairCounts;
  ok: boolean;
}

export const SEVERITIES: readonly Severity[] = ['critical', 'error', 'warning'];

const hostOrder = (a: string, b: string): number => a.localeCompare(b, 'en', { sensitivity: 'base', numeric: true });

/** Severity first, then host, then peer: stable, so equal findings keep the order they were found in. */
export function orderFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort((a, b) =>
    SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity) || hostOrder(a.host, b.host) || hostOrder(a.peer ?? '', b.peer ?? ''));
}

export function worstOf(findings: readonly Finding[]): Severity | null {
  return SEVERITIES.find((s) => findings.some((f) => f.severity === s)) ?? null;
}

/**
 * A warning is worth saying but is not a broken mesh: a large, complete mesh near the value budget, or
 * what the Windows versions imply, must still verify clean in a pipeline. Critical and error fail verify.
 */
export function isAdvisory(f: Finding): boolean {
  return f.severity === 'warning';
}

/** Values each host holds that the plan neither wants nor removes. */
export function foreignValues(plan: Plan, hosts: readonly HostRecord[]): Map<string, ForeignValue[]> {
  const byName = new Map(hosts.map((h) => [h.name, h]));
  const managed = new Map<string, Set<string>>();
  for (const e of plan.edges) {
    const peer = byName.get(e.to);
    if (!peer) continue;
    const set = managed.get(e.from) ?? new Set<string>();
    for (const v of peerValues(e.services, peer.name, peer.fqdn ?? peer.name)) set.add(spnKey(v));
    managed.set(e.from, set);
  }
  for (const hp of plan.hosts) for (const v of hp.remove) managed.set(hp.host, (managed.get(hp.host) ?? new Set()).add(spnKey(v)));
  return new Map(hosts.map((h) => [h.name, h.delegateTo.filter((v) => !managed.get(h.name)?.has(spnKey(v))).map((spn): ForeignValue => {
    const p = parseSpn(spn);
    return { spn, service: p?.service ?? spn, target: p ? [p.host, ...(p.rest ? [p.rest] : [])].join('/') : '' };
  })]));
}

/** What verify knows beyond the plan: whether the mode is enforced, the DCs, the operators. */
export interface VerdictContext {
  enforceMode: boolean;
  dcs: readonly DcName[];
  operators: readonly OperatorRecord[];
}

export const PLAN_ONLY: VerdictContext = { enforceMode: true, dcs: [], operators: [] };

export function verdictFromPlan(plan: Plan, hosts: readonly HostRecord[], ctx: VerdictContext = PLAN_ONLY): Verdict {
  const base = verifyFindings(plan, { enforceMode: ctx.enforceMode });
  const meshFindings = ctx.enforceMode ? [] : meshModeFindings(hosts);
  const mode: Mode = ctx.enforceMode ? plan.mode : meshMode(hosts);
  const incomplete = new Set(base.filter((f) => f.kind === 'missing-delegation' || f.kind === 'delegates-to-none' || f.kind === 'missing-for-every-peer').flatMap((f) => [f.host, ...(f.peer ? [f.peer] : [])]));
  const findings = orderFindings([
    ...base,
    ...meshFindings,
    ...dcTargetFindings(hosts, ctx.dcs),
    ...operatorFindings(ctx.operators),
    ...preflightFindings({ hosts, modeOf: (h) => (ctx.enforceMode ? plan.mode : constrainedMode(h)), incomplete }),
  ]);
  const foreign = foreignValues(plan, hosts);
  const pairs = trustPairs(plan.hosts, plan.edges);
  return {
    mode,
    modeEnforced: ctx.enforceMode,
    services: plan.services,
    hosts: hosts.map((h) => {
      const os = hostOs(h);
      return {
        name: h.name,
        dn: h.dn,
        fqdn: h.fqdn,
        mode: currentMode(h.userAccountControl, h.delegateTo.length),
        operatingSystem: os.operatingSystem,
        operatingSystemVersion: os.operatingSystemVersion,
        release: os.release,
        foreign: foreign.get(h.name) ?? [],
      };
    }),
    findings,
    count: findings.length,
    worst: worstOf(findings),
    pairs,
    pairCounts: pairCounts(pairs, findings),
    ok: findings.every(isAdvisory),
  };
}

export function computeVerdict(hosts: readonly HostRecord[], policy: Policy, mappings: SpnMappings, ctx: VerdictContext = PLAN_ONLY): Verdict {
  return verdictFromPlan(computePlan(hosts, policy, mappings), hosts, ctx);
}

/** Findings only a wider read can make (replication across DCs) join the verdict, in order. */
export function withFindings(v: Verdict, more: readonly Finding[]): Verdict {
  if (more.length === 0) return v;
  const findings = orderFindings([...v.findings, ...more]);
  return { ...v, findings, count: findings.length, worst: worstOf(findings), ok: v.ok && more.every(isAdvisory) };
}
