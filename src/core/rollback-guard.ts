import { escapeForDisplay } from './escape.js';
import { domainOfDn } from './mesh.js';
import type { RunEffect } from './rollback.js';
import { isServiceClass, isSpnHostPart } from './service-name.js';
import { spnKey } from './keys.js';
import { parseSpn } from './spn.js';
import type { Plan } from './types.js';
import { UAC, isDomainController } from './uac.js';
import { describeUacChange } from './uac-words.js';
import { dnKey, nameKey, serviceKey } from './keys.js';

/**
 * Rollback writes only what apply could have written, whatever the backup says. A backup is input
 * from a file: its checksum proves nothing against someone who recomputes it. So the plan rollback
 * is about to send is checked against rules that do not come from the backup: the domain and the
 * domain controllers as the directory says them, strict values, only the delegation bit kcdmesh
 * manages, and the value budget. Pure: the caller reads the directory and passes what it says.
 */
export interface DirectoryFacts {
  /** The domain the connection serves (defaultNamingContext). */
  baseDn: string;
  /** userAccountControl of each host in the plan as the directory has it now, by lower-case DN. */
  uacByDn: ReadonlyMap<string, number>;
  /** Lower-case NetBIOS names and FQDNs of every domain controller (read from the directory). */
  dcNames: ReadonlySet<string>;
}

export interface GuardRules {
  /** The services kcdmesh manages in that run (validated strictly here). */
  services: readonly string[];
  maxValues: number;
}

/** The one UAC bit rollback may flip. Never 0x80000 (unconstrained), never any other bit. */
export const ROLLBACK_UAC_MASK = UAC.TRUSTED_TO_AUTH_FOR_DELEGATION;

function valueProblem(value: string, services: ReadonlySet<string>, dcNames: ReadonlySet<string>): string | null {
  const shown = JSON.stringify(value);
  const p = parseSpn(value);
  if (!p || value !== value.trim()) return `${shown} is not a service/host value`;
  if (p.rest !== null) return `${shown} has a third part; kcdmesh never writes such values`;
  if (!isServiceClass(p.service)) return `${shown} has an invalid service class`;
  if (!isSpnHostPart(p.host)) return `${shown} has an invalid host part`;
  if (!services.has(serviceKey(p.service))) return `${shown} is not a value of the managed services`;
  if (dcNames.has(nameKey(p.host).replace(/\.$/, ''))) return `${shown} delegates to a domain controller`;
  return null;
}

/** Every reason the rollback plan must not be written; empty when it may. */
export function rollbackPlanProblems(plan: Plan, effects: readonly RunEffect[], facts: DirectoryFacts, rules: GuardRules): string[] {
  const problems: string[] = [];
  const bad = rules.services.filter((s) => !isServiceClass(s));
  if (bad.length) problems.push(`the backup names invalid services ${bad.map((s) => JSON.stringify(s)).join(', ')}`);
  const services = new Set(rules.services.filter(isServiceClass).map(serviceKey));
  const domain = domainOfDn(facts.baseDn);
  const byDn = new Map(effects.map((e) => [dnKey(e), e]));
  for (const h of plan.hosts) {
    const who = escapeForDisplay(h.host);
    const key = dnKey(h);
    const effect = byDn.get(key);
    if (!effect) { problems.push(`${who}: not a host that run changed`); continue; }
    if (domainOfDn(h.dn) !== domain) problems.push(`${who}: in domain ${escapeForDisplay(domainOfDn(h.dn))}, not ${domain}`);
    const uacNow = facts.uacByDn.get(key);
    if (uacNow === undefined) problems.push(`${who}: not found in the directory`);
    else if (isDomainController(uacNow)) problems.push(`${who}: is a domain controller`);
    if (facts.dcNames.has(nameKey(h.host))) problems.push(`${who}: is a domain controller`);
    const added = new Set(effect.added.map(spnKey));
    const removed = new Set(effect.removed.map(spnKey));
    for (const v of h.add) {
      const why = valueProblem(v, services, facts.dcNames);
      if (why) problems.push(`${who}: cannot put back ${escapeForDisplay(why)}`);
      else if (!removed.has(spnKey(v))) problems.push(`${who}: ${escapeForDisplay(JSON.stringify(v))} was not removed by that run`);
    }
    for (const v of h.remove) {
      if (!added.has(spnKey(v))) problems.push(`${who}: ${escapeForDisplay(JSON.stringify(v))} was not added by that run`);
      else if (!services.has(serviceKey(parseSpn(v)?.service ?? ''))) problems.push(`${who}: ${escapeForDisplay(JSON.stringify(v))} is not a value of the managed services`);
    }
    const after = h.current.length + h.add.length - h.remove.length;
    if (after > rules.maxValues) problems.push(`${who}: would hold ${after} delegation values, over the limit of ${rules.maxValues}`);
    if (h.uac) {
      const changed = (h.uac.from ^ h.uac.to) >>> 0;
      if (changed & ~ROLLBACK_UAC_MASK) problems.push(`${who}: would ${describeUacChange(h.uac.from & ~ROLLBACK_UAC_MASK, h.uac.to & ~ROLLBACK_UAC_MASK)}; rollback changes only TRUSTED_TO_AUTH_FOR_DELEGATION`);
      if (uacNow !== undefined && h.uac.from !== uacNow) problems.push(`${who}: userAccountControl is ${uacNow} now, not ${h.uac.from}`);
    }
  }
  return problems;
}
