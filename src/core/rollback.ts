import { missingValues } from './plan.js';
import { dnKey, hostChanges, spnKey } from './keys.js';
import type { HostPlan, HostRecord, Plan, UacChange } from './types.js';
import { UAC } from './uac.js';

/** What one earlier run did to one host: the values it added and removed, and its UAC transition. */
export interface RunEffect {
  dn: string;
  name: string;
  added: string[];
  removed: string[];
  uac: UacChange | null;
}

export function runEffects(plan: Plan): RunEffect[] {
  return plan.hosts
    .filter(hostChanges)
    .map((h) => ({ dn: h.dn, name: h.host, added: h.add, removed: h.remove, uac: h.uac }));
}

/** Put back the UAC bits the run changed, where they still hold the run's value; other bits stay as they are now. */
export function restoredUac(current: number, change: UacChange | null): number {
  if (!change) return current;
  let next = current;
  // Unconstrained delegation is never put back, whatever the host had before.
  const changed = ((change.from ^ change.to) & ~UAC.TRUSTED_FOR_DELEGATION) >>> 0;
  for (let bit = 1; bit !== 0 && bit <= changed; bit = (bit << 1) >>> 0) {
    if (!(changed & bit)) continue;
    const stillOurs = (current & bit) === (change.to & bit);
    if (stillOurs) next = change.from & bit ? next | bit : next & ~bit;
  }
  return next >>> 0;
}

/**
 * The plan that undoes a run on the hosts as they are now: remove what it added (stored spelling),
 * add back what it removed, restore the UAC bits it flipped. Changes made since by others stay.
 */
export function computeRollbackPlan(effects: readonly RunEffect[], current: readonly HostRecord[], template: Pick<Plan, 'mode' | 'services'>): Plan {
  const byDn = new Map(current.map((h) => [dnKey(h), h]));
  const hosts: HostPlan[] = [];
  for (const e of effects) {
    const h = byDn.get(dnKey(e));
    if (!h) continue;
    const added = new Set(e.added.map(spnKey));
    const uac = restoredUac(h.userAccountControl, e.uac);
    hosts.push({
      host: h.name,
      dn: h.dn,
      current: [...h.delegateTo],
      add: missingValues(e.removed, h.delegateTo),
      // Restored values are whatever the backup held, not planned peers: they carry no structure.
      planned: [],
      remove: h.delegateTo.filter((v) => added.has(spnKey(v))),
      unmanaged: h.delegateTo.filter((v) => !added.has(spnKey(v))),
      uac: uac === h.userAccountControl ? null : { from: h.userAccountControl, to: uac },
    });
  }
  return { mode: template.mode, services: [...template.services], hosts, edges: [], pairCount: 0, warnings: [] };
}
