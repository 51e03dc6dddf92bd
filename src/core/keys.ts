import type { HostPlan, HostRecord } from './types.js';

/**
 * The one place values are compared. AD compares msDS-AllowedToDelegateTo (Unicode-string syntax),
 * service classes, host names and DNs case-insensitively; Samba stores values unvalidated, so
 * surrounding blanks are trimmed too. Stored spellings are kept for display and deletion.
 */
export function spnKey(value: string): string {
  return value.trim().toLowerCase();
}

/** A service class (`cifs`, `Microsoft Virtual System Migration Service`). */
export const serviceKey = spnKey;

/** A NetBIOS name or an FQDN, as one of the forms a host answers to. */
export function nameKey(name: string): string {
  return name.trim().toLowerCase();
}

/** A distinguished name: AD's attribute types and values in DNs compare case-insensitively. */
export function dnKey(x: string | { dn: string }): string {
  return (typeof x === 'string' ? x : x.dn).toLowerCase();
}

export function sameDn(a: string | { dn: string }, b: string | { dn: string }): boolean {
  return dnKey(a) === dnKey(b);
}

/** Whether `host` is named `form`: its NetBIOS name or its dNSHostName. */
export function answersTo(host: Pick<HostRecord, 'name' | 'fqdn'>, form: string): boolean {
  const f = nameKey(form);
  return nameKey(host.name) === f || (host.fqdn !== null && nameKey(host.fqdn) === f);
}

/** ICU's order for names of other characters; made when first needed (setting it up costs ~10 ms). */
let collator: Intl.Collator | null = null;

/** Letters and digits, short enough that no digit run is longer than the 254 digits ICU compares by value in one piece. */
const ALNUM = /^[0-9A-Za-z]{0,254}$/;
const isDigit = (c: number): boolean => c >= 48 && c <= 57;

/** Letters and digits only: digit runs by value, digits before letters, letters case-insensitively (ICU's order for them). */
function alnumOrder(a: string, b: string): number {
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const ca = a.charCodeAt(i);
    const cb = b.charCodeAt(j);
    if (isDigit(ca) && isDigit(cb)) {
      let ea = i;
      let eb = j;
      while (ea < a.length && isDigit(a.charCodeAt(ea))) ea++;
      while (eb < b.length && isDigit(b.charCodeAt(eb))) eb++;
      while (i < ea - 1 && a.charCodeAt(i) === 48) i++; // leading zeros do not count: HV01 is HV1
      while (j < eb - 1 && b.charCodeAt(j) === 48) j++;
      const byLength = ea - i - (eb - j);
      if (byLength !== 0) return byLength < 0 ? -1 : 1;
      for (; i < ea; i++, j++) if (a.charCodeAt(i) !== b.charCodeAt(j)) return a.charCodeAt(i) < b.charCodeAt(j) ? -1 : 1;
      continue;
    }
    if (isDigit(ca) !== isDigit(cb)) return isDigit(ca) ? -1 : 1;
    const la = ca | 0x20; // letters: case-insensitive
    const lb = cb | 0x20;
    if (la !== lb) return la < lb ? -1 : 1;
    i++;
    j++;
  }
  return a.length - i === b.length - j ? 0 : a.length - i < b.length - j ? -1 : 1;
}

/**
 * The order host names are shown in: case-insensitive, numbers by value (HV2 before HV10), as ICU's
 * English collation orders them. NetBIOS names of letters and digits are compared here, without ICU;
 * any other name goes to one collator, made once (localeCompare with options sets one up per call).
 */
export function hostOrder(a: string, b: string): number {
  if (ALNUM.test(a) && ALNUM.test(b)) return alnumOrder(a, b);
  collator ??= new Intl.Collator('en', { sensitivity: 'base', numeric: true });
  return collator.compare(a, b);
}

/** Does the plan change this host (values or flags)? */
export function hostChanges(h: Pick<HostPlan, 'add' | 'remove' | 'uac'>): boolean {
  return h.add.length > 0 || h.remove.length > 0 || h.uac !== null;
}

/** The items by an exact key (a name as the plan spells it), each list in the items' order. */
export function groupBy<T>(items: Iterable<T>, key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = groups.get(k);
    if (list) list.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

/** One item per key, at the position of its first occurrence, with the last spelling given. */
export function uniqueBy<T>(items: readonly T[], key: (item: T) => string): T[] {
  return [...new Map(items.map((i) => [key(i), i])).values()];
}

/** The first item whose key an earlier item has: its index, and the earlier item; null when none. */
export function firstRepeat<T>(items: readonly T[], key: (item: T) => string): { index: number; item: T; first: T } | null {
  const seen = new Map<string, T>();
  for (const [index, item] of items.entries()) {
    const had = seen.get(key(item));
    if (had !== undefined) return { index, item, first: had };
    seen.set(key(item), item);
  }
  return null;
}
