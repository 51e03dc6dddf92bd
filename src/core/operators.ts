import type { Finding } from './types.js';
import { dnKey } from './keys.js';
import { UAC, hasFlag } from './uac.js';

/** An account that starts migrations (--operator), as read: its flags and its way into Protected Users. */
export interface OperatorRecord {
  /** As given on the command line or in the config. */
  input: string;
  /** sAMAccountName, or null when no account answers to the input. */
  name: string | null;
  dn: string | null;
  userAccountControl: number;
  /** Group names from the account to Protected Users (the last one is Protected Users), or null when not a member. */
  protectedVia: string[] | null;
}

/**
 * The KDC never issues a delegated ticket for an account that is sensitive (0x100000) or in Protected
 * Users: every migration such an operator starts fails, whatever the hosts hold.
 */
export function operatorFindings(operators: readonly OperatorRecord[]): Finding[] {
  return operators.flatMap((o): Finding[] => {
    if (!o.name) return [{ kind: 'operator-not-found', severity: 'error', host: o.input }];
    const out: Finding[] = [];
    if (hasFlag(o.userAccountControl, UAC.NOT_DELEGATED)) out.push({ kind: 'operator-not-delegable', severity: 'error', host: o.name, reason: 'sensitive' });
    if (o.protectedVia) out.push({ kind: 'operator-not-delegable', severity: 'error', host: o.name, reason: 'protected-users', via: o.protectedVia });
    return out;
  });
}

/**
 * The shortest chain of groups from an account to Protected Users, given each object's memberOf. Walks
 * nested groups breadth-first (cycles are possible in AD and are cut); returns null when not a member.
 */
export function chainTo(start: string, target: string, memberOf: (dn: string) => readonly string[]): string[] | null {
  const key = (dn: string): string => dnKey(dn);
  const prev = new Map<string, string | null>([[key(start), null]]);
  const spelled = new Map<string, string>([[key(start), start]]);
  const queue = [start];
  while (queue.length) {
    const dn = queue.shift()!;
    if (key(dn) === key(target)) {
      const path: string[] = [];
      for (let k: string | null = key(dn); k !== null && k !== key(start); k = prev.get(k) ?? null) path.unshift(spelled.get(k)!);
      return path;
    }
    for (const g of memberOf(dn)) {
      if (prev.has(key(g))) continue;
      prev.set(key(g), key(dn));
      spelled.set(key(g), g);
      queue.push(g);
    }
  }
  return null;
}
