import { dnKey, spnKey } from './keys.js';
import type { Finding, HostRecord } from './types.js';
import { formatUac } from './uac.js';

/** What one DC holds for the hosts, as read from it. */
export interface DcView {
  dc: string;
  hosts: readonly HostRecord[];
}

/** A value or a UAC that not every DC agrees on yet. */
export interface Divergence {
  host: string;
  dn: string;
  what: string;
  /** The DCs that have it; the others do not. */
  on: string[];
  missingOn: string[];
}

/**
 * Compare the same hosts as read from several DCs. Anything present on some DCs and not on others
 * has not replicated everywhere yet: until it has, a host using such a DC gets the old answer.
 */
export function compareDcViews(views: readonly DcView[]): Divergence[] {
  const dcs = views.map((v) => v.dc);
  const hosts = new Map<string, HostRecord>();
  for (const v of views) for (const h of v.hosts) if (!hosts.has(dnKey(h))) hosts.set(dnKey(h), h);
  const out: Divergence[] = [];
  for (const [key, host] of hosts) {
    const perDc = views.map((v) => v.hosts.find((h) => dnKey(h) === key));
    const facts = new Map<string, { label: string; on: Set<string> }>();
    perDc.forEach((h, i) => {
      if (!h) return;
      const add = (key: string, label: string): void => {
        const f = facts.get(key) ?? { label, on: new Set<string>() };
        f.on.add(dcs[i]);
        facts.set(key, f);
      };
      for (const v of h.delegateTo) add(`v:${spnKey(v)}`, v);
      add(`u:${h.userAccountControl}`, `userAccountControl ${formatUac(h.userAccountControl)}`);
    });
    for (const f of facts.values()) {
      if (f.on.size === dcs.length) continue;
      out.push({ host: host.name, dn: host.dn, what: f.label, on: dcs.filter((d) => f.on.has(d)), missingOn: dcs.filter((d) => !f.on.has(d)) });
    }
  }
  return out;
}

/** A writable DC that could not be read: its copy is not proven either way. */
export interface UnreadDc {
  dc: string;
  reason: string;
}

/** What the DCs read for a verify --all-dcs: their names, what has not reached all of them, and who could not be read. */
export interface ReplicationReport {
  dcs: string[];
  divergences: Divergence[];
  unreachable: UnreadDc[];
}

/**
 * Differences are warnings that fail verify until replication catches up. A DC that could not be
 * read fails it too: the verdict does not cover that DC, and a silent pass would claim it does.
 */
export function replicationFindings(r: ReplicationReport): Finding[] {
  // A DC that could not be read leaves the verdict incomplete: an error, so verify does not pass.
  const unread: Finding[] = r.unreachable.map((u) => ({ kind: 'dc-unreachable' as const, severity: 'error' as const, host: u.dc, detail: u.reason }));
  return [...unread, ...r.divergences.map((d) => ({
    kind: 'not-replicated' as const,
    severity: 'error' as const,
    host: d.host,
    value: d.what,
    on: d.on,
    missingOn: d.missingOn,
  }))];
}
