import { serviceKey, spnKey } from './keys.js';
import { parseSpn } from './spn.js';
import type { HostRecord } from './types.js';

/** What a delegation target is, as far as pruning is concerned. */
export type TargetKind = 'hyper-v' | 'storage' | 'other' | 'gone';

/**
 * A value is a prune candidate when kcdmesh manages its service, it has exactly two parts, and the
 * topology no longer wants it. Returns the candidate's target name form (short or FQDN).
 */
export function pruneCandidates(host: HostRecord, wanted: readonly string[], services: readonly string[]): Array<{ value: string; target: string }> {
  const managed = new Set(services.map(serviceKey));
  const keep = new Set(wanted.map(spnKey));
  const out: Array<{ value: string; target: string }> = [];
  for (const value of host.delegateTo) {
    const p = parseSpn(value);
    if (!p || p.rest !== null || !managed.has(serviceKey(p.service)) || keep.has(spnKey(value))) continue;
    out.push({ value, target: p.host });
  }
  return out;
}

/**
 * Only values pointing at a Hyper-V host (it registers the migration SPN) or at a computer that no
 * longer exists are pruned; a declared storage target or any other computer is never touched.
 */
export function prunable(kind: TargetKind): boolean {
  return kind === 'hyper-v' || kind === 'gone';
}
