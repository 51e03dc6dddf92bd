import { isDelegatesToNone } from './findings.js';
import { parseSpn } from './spn.js';
import type { Finding, HostRecord, PlanEdge } from './types.js';

/** A peer is named two ways in msDS-AllowedToDelegateTo: its NetBIOS name and its dNSHostName. */
export type NameForm = 'short' | 'fqdn';

/** One value a delegating host lacks for one peer. */
export interface PairGap {
  /** As the policy spells it. */
  service: string;
  form: NameForm;
  value: string;
}

export interface PairStatus {
  from: string;
  to: string;
  /** The services this pair is meant to have (a storage target is asked for cifs only). */
  services: string[];
  /** Values the delegating host needs for this peer (services x name forms). */
  expected: number;
  missing: number;
  /** The missing values, by service and name form; empty for a complete pair, and when none is there (missing = expected). */
  gaps: PairGap[];
}

/** How far one service of one pair is configured: both name forms, one of them, or neither. */
export type ServiceState = 'complete' | 'partial' | 'missing';

export interface ServiceCell {
  service: string;
  state: ServiceState;
  /** The name forms this service lacks. */
  missing: NameForm[];
}

export type PairState = 'complete' | 'partial' | 'none';

const FORMS: readonly NameForm[] = ['short', 'fqdn'];

const pairKey = (from: string, to: string): string => `${from}\u0000${to}`;

/** The gap a missing-delegation finding stands for, told apart by the peer it names. */
function gapOf(f: Finding, peer: HostRecord, services: readonly string[]): PairGap | null {
  const parsed = f.value ? parseSpn(f.value) : null;
  if (!parsed || !f.value) return null;
  const service = services.find((s) => s.toLowerCase() === parsed.service.toLowerCase()) ?? parsed.service;
  return { service, form: parsed.host.toLowerCase() === peer.name.toLowerCase() ? 'short' : 'fqdn', value: f.value };
}

/**
 * Who trusts whom: every directed pair, with the values it lacks. Built from verify's findings, so the
 * matrix and every report say exactly what the findings say (there is no second comparison).
 */
export function trustPairs(hosts: readonly HostRecord[], services: readonly string[], findings: readonly Finding[], edges?: readonly PlanEdge[]): PairStatus[] {
  const byName = new Map(hosts.map((h) => [h.name, h]));
  const gaps = new Map<string, PairGap[]>();
  const counts = new Map<string, number>();
  const none = new Set<string>();
  for (const f of findings) {
    if (isDelegatesToNone(f)) none.add(f.host);
    if (f.kind !== 'missing-delegation' || !f.peer) continue;
    const key = pairKey(f.host, f.peer);
    counts.set(key, (counts.get(key) ?? 0) + 1);
    const peer = byName.get(f.peer);
    const gap = peer ? gapOf(f, peer, services) : null;
    if (gap) {
      const list = gaps.get(key);
      if (list) list.push(gap);
      else gaps.set(key, [gap]);
    }
  }
  // N^2 pairs share their services lists: one copy per distinct list
  const lists = new Map<readonly string[], string[]>();
  const copy = (wanted: readonly string[]): string[] => lists.get(wanted) ?? lists.set(wanted, [...wanted]).get(wanted)!;
  const pair = (from: string, to: string, wanted: readonly string[]): PairStatus => {
    const key = pairKey(from, to);
    const expected = wanted.length * 2;
    // a host that delegates to none of its peers lacks every value of every pair; its gaps are not listed
    if (none.has(from)) return { from, to, services: copy(wanted), expected, missing: expected, gaps: [] };
    return { from, to, services: copy(wanted), expected, missing: counts.get(key) ?? 0, gaps: gaps.get(key) ?? [] };
  };
  // A topology (groups, storage) says which pairs exist; without one, every host trusts every other.
  if (edges) return edges.map((e) => pair(e.from, e.to, e.services));
  return hosts.flatMap((a) => hosts.filter((b) => a.dn !== b.dn).map((b) => pair(a.name, b.name, services)));
}

export function pairState(p: PairStatus): PairState {
  if (p.missing === 0) return 'complete';
  return p.missing >= p.expected ? 'none' : 'partial';
}

/** One cell of the trust matrix, per service: which name forms are there. */
export function serviceCells(p: PairStatus, services: readonly string[]): ServiceCell[] {
  if (p.missing > 0 && p.gaps.length === 0) {
    // every value missing, gaps not listed (see trustPairs): each service the pair is meant to have lacks both forms
    const meant = new Set(p.services.map((s) => s.toLowerCase()));
    return services.map((service) => (meant.has(service.toLowerCase()) ? { service, state: 'missing', missing: [...FORMS] } : { service, state: 'complete', missing: [] }));
  }
  return services.map((service) => {
    const missing = new Set(p.gaps.filter((g) => g.service.toLowerCase() === service.toLowerCase()).map((g) => g.form));
    const forms = FORMS.filter((f) => missing.has(f));
    return { service, state: forms.length === 0 ? 'complete' : forms.length >= 2 ? 'missing' : 'partial', missing: forms };
  });
}
