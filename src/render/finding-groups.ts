import { isDelegatesToNone } from '../core/findings.js';
import type { Finding, FindingKind, Severity } from '../core/types.js';

/** What a report says once: a pair's missing values together, every other finding on its own. */
export interface FindingGroup {
  kind: FindingKind;
  severity: Severity;
  host: string;
  peer?: string;
  /** The values concerned (the missing ones, for a pair). */
  values: string[];
  message: string;
  findings: Finding[];
}

/** A missing value of one pair (not the aggregated "delegates to none of its peers"). */
export const perPair = (f: Finding): boolean => f.kind === 'missing-delegation' && !isDelegatesToNone(f);

/**
 * Missing values read best per pair: one line naming the peer and every value it lacks. The order is
 * the findings' own: pairs first, as they were found, then the rest.
 */
export function groupFindings(findings: readonly Finding[]): FindingGroup[] {
  const pairs = new Map<string, FindingGroup>();
  for (const f of findings) {
    if (!perPair(f)) continue;
    const key = `${f.host}\u0000${f.peer ?? ''}`;
    const g = pairs.get(key) ?? { kind: f.kind, severity: f.severity, host: f.host, peer: f.peer, values: [], message: '', findings: [] };
    g.values.push(f.value ?? '');
    g.findings.push(f);
    pairs.set(key, g);
  }
  for (const g of pairs.values()) g.message = `${g.host} cannot delegate to ${g.peer ?? '?'}: missing ${g.values.join(', ')}`;
  const rest = findings
    .filter((f) => !perPair(f))
    .map((f): FindingGroup => ({ kind: f.kind, severity: f.severity, host: f.host, peer: f.peer, values: f.value ? [f.value] : [], message: f.message, findings: [f] }));
  return [...pairs.values(), ...rest];
}
