import { MIGRATION_SERVICE, parseSpn, servingClasses, spnKey } from './spn.js';
import type { Finding, HostRecord, Plan, SpnMappings } from './types.js';
import { UAC, hasFlag } from './uac.js';

/**
 * A delegation entry is useless when its target does not register the SPN (or, for an alias such
 * as cifs, the class sPNMappings maps it to, such as HOST). One finding per target and service.
 */
export function targetFindings(hosts: readonly HostRecord[], services: readonly string[], mappings: SpnMappings): Finding[] {
  const out: Finding[] = [];
  for (const target of hosts) {
    const registered = new Set(target.servicePrincipalNames.map(spnKey));
    for (const service of services) {
      const classes = servingClasses(service, mappings);
      const forms = [target.name, target.fqdn ?? target.name];
      const missing = forms.filter((form) => !classes.some((c) => registered.has(spnKey(`${c}/${form}`))));
      if (missing.length === 0) continue;
      const via = classes.length > 1 ? ` (or ${classes.slice(1).map((c) => c.toUpperCase()).join('/')})` : '';
      out.push({
        kind: 'target-spn-missing',
        severity: 'warning',
        host: target.name,
        service,
        value: missing.map((f) => `${service}/${f}`).join(', '),
        message: `${target.name} does not register ${missing.map((f) => `${service}/${f}`).join(' or ')}${via}: delegation to it cannot work${service === MIGRATION_SERVICE ? ' (is the Hyper-V role installed?)' : ''}`,
      });
    }
  }
  return out;
}

export function accountFindings(hosts: readonly HostRecord[]): Finding[] {
  return hosts
    .filter((h) => hasFlag(h.userAccountControl, UAC.ACCOUNTDISABLE))
    .map((h) => ({
      kind: 'account-disabled' as const,
      severity: 'warning' as const,
      host: h.name,
      message: `${h.name}'s computer account is disabled: it cannot migrate to or from its peers`,
    }));
}

/** Beyond this many peers, a host that delegates to none of them is one finding, not one per value. */
export const AGGREGATE_PEERS = 16;

/**
 * "HV07 delegates to none of its 619 peers": what is wrong is one fact about HV07, and a value per
 * peer and service would make the output of a new mesh grow with N^2. It names no peer and no value.
 */
function delegatesToNone(host: string, peers: number, values: number): Finding {
  return {
    kind: 'missing-delegation',
    severity: 'error',
    host,
    message: `${host} delegates to none of its ${peers} peers: all ${values} values are missing`,
  };
}

/** The aggregated form of missing-delegation (no peer, no value): every pair from `f.host` lacks every value. */
export function isDelegatesToNone(f: Finding): boolean {
  return f.kind === 'missing-delegation' && f.peer === undefined && f.value === undefined;
}

/** Per delegating host: how many peers it must trust and how many values that takes. */
function wantedCounts(plan: Plan): Map<string, { peers: number; values: number }> {
  const out = new Map<string, { peers: number; values: number }>();
  for (const e of plan.edges) {
    const c = out.get(e.from) ?? { peers: 0, values: 0 };
    c.peers += 1;
    c.values += e.services.length * 2;
    out.set(e.from, c);
  }
  return out;
}

/**
 * Verify's findings: the plan must be empty, so every planned change is a finding, plus the
 * warnings the plan carries (targets, accounts, budget). One comparison, shared with plan and apply.
 */
export function verifyFindings(plan: Plan, hosts: readonly HostRecord[]): Finding[] {
  const byForm = new Map<string, string>();
  for (const h of hosts) {
    byForm.set(h.name.toLowerCase(), h.name);
    if (h.fqdn) byForm.set(h.fqdn.toLowerCase(), h.name);
  }
  const wanted = wantedCounts(plan);
  const out: Finding[] = [];
  for (const hp of plan.hosts) {
    const want = wanted.get(hp.host);
    if (want && want.peers > AGGREGATE_PEERS && hp.add.length >= want.values) out.push(delegatesToNone(hp.host, want.peers, hp.add.length));
    else for (const value of hp.add) {
      const parsed = parseSpn(value);
      const peer = parsed ? byForm.get(parsed.host.toLowerCase()) : undefined;
      out.push({
        kind: 'missing-delegation',
        severity: 'error',
        host: hp.host,
        peer,
        service: parsed?.service,
        value,
        message: `${hp.host} cannot delegate to ${peer ?? '?'}: ${value} is missing`,
      });
    }
    for (const value of hp.remove) {
      out.push({
        kind: 'unwanted-delegation',
        severity: 'error',
        host: hp.host,
        value,
        message: `${hp.host} still delegates ${value}, which the mesh no longer wants`,
      });
    }
    if (hp.uac) {
      const { from, to } = hp.uac;
      if (hasFlag(from, UAC.TRUSTED_FOR_DELEGATION)) {
        out.push({
          kind: 'unconstrained-delegation',
          severity: 'error',
          host: hp.host,
          message: `${hp.host} is trusted for unconstrained delegation (0x80000): it can impersonate any user to any service`,
        });
      }
      if (hasFlag(from, UAC.TRUSTED_TO_AUTH_FOR_DELEGATION) !== hasFlag(to, UAC.TRUSTED_TO_AUTH_FOR_DELEGATION)) {
        const now = hasFlag(from, UAC.TRUSTED_TO_AUTH_FOR_DELEGATION) ? 'any-protocol' : 'kerberos-only';
        out.push({
          kind: 'mode-mismatch',
          severity: 'error',
          host: hp.host,
          message: `${hp.host} is in ${now} mode, the mesh wants ${plan.mode}`,
        });
      }
    }
  }
  for (const w of plan.warnings) out.push(w);
  return out;
}
