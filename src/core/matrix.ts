import type { Finding, HostRecord } from './types.js';

export interface PairStatus {
  from: string;
  to: string;
  /** Values the delegating host needs for this peer (services x name forms). */
  expected: number;
  missing: number;
}

/** Who trusts whom: every directed pair, with how many of its values are missing. From verify's findings. */
export function trustPairs(hosts: readonly HostRecord[], services: readonly string[], findings: readonly Finding[]): PairStatus[] {
  const missing = new Map<string, number>();
  for (const f of findings) {
    if (f.kind !== 'missing-delegation' || !f.peer) continue;
    const key = `${f.host}\u0000${f.peer}`;
    missing.set(key, (missing.get(key) ?? 0) + 1);
  }
  const pairs: PairStatus[] = [];
  for (const a of hosts) {
    for (const b of hosts) {
      if (a.dn === b.dn) continue;
      pairs.push({ from: a.name, to: b.name, expected: services.length * 2, missing: missing.get(`${a.name}\u0000${b.name}`) ?? 0 });
    }
  }
  return pairs;
}
