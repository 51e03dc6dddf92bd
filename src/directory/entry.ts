import type { HostRecord } from '../core/types.js';

/** Attribute values by lower-cased attribute name; ldapts gives one value as a string, several as an array. */
export type Attrs = Map<string, string[]>;

export interface RangedPart {
  attr: string;
  /** Where the next range starts, or null when this part ended with `*`. */
  next: number | null;
}

const RANGE = /^(.+);range=(\d+)-(\d+|\*)$/i;

/** The values as text; an array of strings, the usual case for a large attribute, is taken as it is. */
function asStrings(v: unknown): string[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) return [Buffer.isBuffer(v) ? v.toString('utf8') : String(v)];
  let i = 0;
  while (i < v.length && typeof v[i] === 'string') i++;
  if (i === v.length) return v as string[];
  return v.map((x: unknown) => (Buffer.isBuffer(x) ? x.toString('utf8') : String(x)));
}

/**
 * Normalise one search entry. Windows DCs return large multi-valued attributes in ranges
 * (`attr;range=0-1499`): those parts are merged under the plain name and reported in `ranged`
 * so the caller can fetch the rest. The entry's arrays may be reused: it is not read afterwards.
 */
export function normaliseEntry(entry: Record<string, unknown>): { dn: string; attrs: Attrs; ranged: RangedPart[] } {
  const attrs: Attrs = new Map();
  const ranged: RangedPart[] = [];
  for (const key of Object.keys(entry)) {
    if (key === 'dn') continue;
    const m = key.includes(';') ? RANGE.exec(key) : null;
    const name = (m ? m[1] : key).toLowerCase();
    const values = asStrings(entry[key]);
    const before = attrs.get(name);
    if (!before) attrs.set(name, values);
    else for (const v of values) before.push(v);
    if (m) ranged.push({ attr: name, next: m[3] === '*' ? null : Number(m[3]) + 1 });
  }
  return { dn: String(entry.dn), attrs, ranged };
}

/** Fetch the remaining ranges of every ranged attribute, one base search per further range. */
export async function completeRanges(
  dn: string,
  attrs: Attrs,
  ranged: readonly RangedPart[],
  fetch: (dn: string, attrSpec: string) => Promise<Record<string, unknown> | undefined>,
): Promise<void> {
  for (const part of ranged) {
    let next = part.next;
    // Bounded: a range never restarts, and AD's per-object value limit is a few thousand.
    for (let guard = 0; next !== null && guard < 10_000; guard++) {
      const entry = await fetch(dn, `${part.attr};range=${next}-*`);
      const more = entry ? normaliseEntry(entry) : undefined;
      const piece = more?.ranged.find((r) => r.attr === part.attr);
      if (!more || !piece) break;
      attrs.set(part.attr, [...(attrs.get(part.attr) ?? []), ...(more.attrs.get(part.attr) ?? [])]);
      next = piece.next;
    }
  }
}

export const HOST_ATTRIBUTES = ['sAMAccountName', 'dNSHostName', 'userAccountControl', 'msDS-AllowedToDelegateTo', 'servicePrincipalName', 'operatingSystem', 'operatingSystemVersion'];

/** Makes equal strings of a list one string (in place), list after list; returns the list. */
export type Shared = (values: string[]) => string[];

/**
 * One string per distinct value across the hosts of a read: in a mesh of N hosts each value is held by
 * N - 1 of them, so N^2 decoded copies shrink to a few per host, and every later set and map of values
 * hashes each string once. Hosts of a mesh hold their peers' values in one order, so a value is first
 * compared with the one at its place in the list before (one comparison, no hash); only the others are
 * looked up.
 */
export function sharedStrings(): Shared {
  const seen = new Map<string, string>();
  let before: readonly string[] = [];
  return (values) => {
    for (let i = 0; i < values.length; i++) {
      const v = values[i] as string;
      if (i < before.length && before[i] === v) {
        values[i] = before[i] as string;
        continue;
      }
      const had = seen.get(v);
      if (had !== undefined) values[i] = had;
      else seen.set(v, v);
    }
    before = values;
    return values;
  };
}

function shareAll(values: string[] | undefined, same: Shared | undefined): string[] {
  if (!values) return [];
  return same ? same(values) : values;
}

export function toHostRecord(dn: string, attrs: Attrs, same?: Shared): HostRecord {
  const one = (name: string): string | null => attrs.get(name.toLowerCase())?.[0] ?? null;
  const sam = one('sAMAccountName') ?? '';
  return {
    dn,
    name: sam.replace(/\$$/, ''),
    fqdn: one('dNSHostName'),
    userAccountControl: Number(one('userAccountControl') ?? 0) >>> 0,
    delegateTo: shareAll(attrs.get('msds-allowedtodelegateto'), same),
    servicePrincipalNames: attrs.get('serviceprincipalname') ?? [],
    operatingSystem: one('operatingSystem'),
    operatingSystemVersion: one('operatingSystemVersion'),
  };
}
