import { describeHost } from './discovery.js';
import type { HostRecord } from './types.js';
import { UAC, currentMode, hasFlag } from './uac.js';
import type { Verdict } from './verdict.js';

/**
 * Where and when a plan or verdict was taken, for readers who were not there: an auditor, a change
 * board. Identities only: there is no secret in it, and nothing here may ever carry one.
 */
export interface Scope {
  dc: { url: string; dnsHostName: string };
  /** Where the hosts were looked up (--search-base, or the domain). */
  baseDn: string;
  bindIdentity: string;
  /** ISO 8601, UTC. */
  time: string;
  kcdmeshVersion: string;
}

/** The delegation-related userAccountControl bits of one host, as read. */
export interface HostFlags {
  disabled: boolean;
  /** TRUSTED_FOR_DELEGATION (0x80000). */
  unconstrained: boolean;
  /** TRUSTED_TO_AUTH_FOR_DELEGATION (0x1000000), "Use any authentication protocol". */
  protocolTransition: boolean;
  /** NOT_DELEGATED (0x100000): the account itself cannot be delegated. */
  sensitive: boolean;
}

export interface HostStatus {
  name: string;
  fqdn: string | null;
  dn: string;
  /** The mode the host is in now, as ADUC's Delegation tab shows it. */
  mode: ReturnType<typeof currentMode>;
  values: number;
  userAccountControl: number;
  flags: HostFlags;
  /** Findings about this host (as delegating host, or as target). */
  findings: number;
}

/** verify's value for the report: the verdict itself, plus the scope and each host's state as read. */
export interface Report {
  scope: Scope;
  verdict: Verdict;
  hosts: HostStatus[];
}

export function hostStatus(h: HostRecord, counts: ReadonlyMap<string, number>): HostStatus {
  const uac = h.userAccountControl;
  const { name, fqdn, dn, mode, values } = describeHost(h);
  return {
    name,
    fqdn,
    dn,
    mode,
    values,
    userAccountControl: uac,
    flags: {
      disabled: hasFlag(uac, UAC.ACCOUNTDISABLE),
      unconstrained: hasFlag(uac, UAC.TRUSTED_FOR_DELEGATION),
      protocolTransition: hasFlag(uac, UAC.TRUSTED_TO_AUTH_FOR_DELEGATION),
      sensitive: hasFlag(uac, UAC.NOT_DELEGATED),
    },
    findings: counts.get(h.name) ?? 0,
  };
}

/** Pure: the same verdict verify printed, with what a reader needs around it. */
export function buildReport(verdict: Verdict, hosts: readonly HostRecord[], scope: Scope): Report {
  const counts = new Map<string, number>(); // findings per host, counted once
  for (const f of verdict.findings) counts.set(f.host, (counts.get(f.host) ?? 0) + 1);
  return { scope, verdict, hosts: hosts.map((h) => hostStatus(h, counts)) };
}

/** The scope of a run, from the connection it used (structurally: the Directory port fits). */
export function scopeOf(conn: { url: string; user: string; root: { dnsHostName: string } }, baseDn: string, time: Date, kcdmeshVersion: string): Scope {
  return { dc: { url: conn.url, dnsHostName: conn.root.dnsHostName }, baseDn, bindIdentity: conn.user, time: time.toISOString(), kcdmeshVersion };
}
