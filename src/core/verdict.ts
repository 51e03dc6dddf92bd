import { dcTargetFindings, paddedValueFindings, verifyFindings, type DcName } from './findings.js';
import { pairCounts, trustOf, type PairCounts, type Trust } from './matrix.js';
import { constrainedMode, meshMode, meshModeFindings } from './mesh-mode.js';
import { operatorFindings, type OperatorRecord } from './operators.js';
import { computePlan } from './plan.js';
import { hostOs, preflightFindings } from './preflight.js';
import { hostOrder, serviceKey } from './keys.js';
import { parseSpn } from './spn.js';
import type { CurrentMode, Finding, HostPlan, HostRecord, Mode, Plan, Policy, Severity, SpnMappings } from './types.js';
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
  /** Who trusts whom: every directed pair the plan establishes, made when asked for (pairsOf); JSON gives pairCounts. */
  trust: Trust;
  pairCounts: PairCounts;
  ok: boolean;
}

export const SEVERITIES: readonly Severity[] = ['critical', 'error', 'warning'];

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

/** Values each host holds that its plan neither wants nor removes; a host outside the plan: all it holds. */
function foreignValues(planned: ReadonlyMap<string, HostPlan>, hosts: readonly HostRecord[]): Map<string, ForeignValue[]> {
  return new Map(hosts.map((h) => [h.name, (planned.get(h.name)?.unmanaged ?? h.delegateTo).map(foreignValue)]));
}

function foreignValue(spn: string): ForeignValue {
  const p = parseSpn(spn);
  return { spn, service: p?.service ?? spn, target: p ? [p.host, ...(p.rest ? [p.rest] : [])].join('/') : '' };
}

/** What verify knows beyond the plan: whether the mode is enforced, the DCs, the operators. */
export interface VerdictContext {
  enforceMode: boolean;
  dcs: readonly DcName[];
  operators: readonly OperatorRecord[];
}

export const PLAN_ONLY: VerdictContext = { enforceMode: true, dcs: [], operators: [] };

/**
 * Hosts whose delegation is incomplete, as source or target: a pair's finding names both; a finding
 * about all of a host's peers names the host, and its peers through the edges that lack something.
 */
function incompleteHosts(findings: readonly Finding[], plan: Pick<Plan, 'edges'>): Set<string> {
  const out = new Set<string>();
  const none = new Set<string>();
  const everyPeer = new Map<string, Set<string>>();
  for (const f of findings) {
    if (f.kind === 'missing-delegation') {
      out.add(f.host);
      if (f.peer) out.add(f.peer);
    } else if (f.kind === 'delegates-to-none') {
      out.add(f.host);
      none.add(f.host);
    } else if (f.kind === 'missing-for-every-peer') {
      out.add(f.host);
      everyPeer.set(f.host, new Set((f.forms ?? []).map((x) => serviceKey(x.service))));
    }
  }
  if (none.size === 0 && everyPeer.size === 0) return out;
  for (const e of plan.edges) {
    const lacking = everyPeer.get(e.from);
    if (none.has(e.from) || (lacking && e.services.some((s) => lacking.has(serviceKey(s))))) out.add(e.to);
  }
  return out;
}

export function verdictFromPlan(plan: Plan, hosts: readonly HostRecord[], ctx: VerdictContext = PLAN_ONLY): Verdict {
  const base = verifyFindings(plan, { enforceMode: ctx.enforceMode });
  const meshFindings = ctx.enforceMode ? [] : meshModeFindings(hosts);
  const mode: Mode = ctx.enforceMode ? plan.mode : meshMode(hosts);
  const incomplete = incompleteHosts(base, plan);
  const planned = new Map(plan.hosts.map((hp) => [hp.host, hp]));
  const notWanted = (h: HostRecord): readonly string[] => {
    const hp = planned.get(h.name);
    if (!hp) return h.delegateTo;
    return hp.remove.length === 0 ? hp.unmanaged : hp.unmanaged.length === 0 ? hp.remove : [...hp.remove, ...hp.unmanaged];
  };
  const findings = orderFindings([
    ...base,
    ...meshFindings,
    ...dcTargetFindings(hosts, ctx.dcs, notWanted),
    ...operatorFindings(ctx.operators),
    ...paddedValueFindings(hosts),
    ...preflightFindings({ hosts, modeOf: (h) => (ctx.enforceMode ? plan.mode : constrainedMode(h)), incomplete }),
  ]);
  const foreign = foreignValues(planned, hosts);
  const trust = trustOf(plan.hosts, plan);
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
    trust,
    pairCounts: pairCounts(trust, findings),
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
