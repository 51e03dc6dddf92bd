import { nameKey } from './keys.js';
import { isHostName } from './names.js';
import type { HostRecord } from './types.js';

/**
 * The server object of the DC holding a role. fSMORoleOwner names the DC's NTDS Settings object
 * (CN=NTDS Settings,CN=DC1,CN=Servers,CN=<site>,CN=Sites,CN=Configuration,...); its parent is the
 * server object, which carries the DC's dNSHostName. Null when the value is not of that shape.
 */
export function serverOfNtdsSettings(roleOwner: string): string | null {
  const m = /^\s*CN=NTDS Settings\s*,\s*(CN=.+)$/i.exec(roleOwner);
  if (!m) return null;
  // A deleted DC leaves a mangled RDN (CN=DC1\0ADEL:...): its role owner is no server to reach.
  if (/\\0ADEL:/i.test(m[1])) return null;
  return m[1];
}

/** How --dc names a DC: `pdc`, or a DC's name (short or DNS). */
export type DcChoice = { kind: 'pdc' } | { kind: 'name'; name: string };

export function parseDcChoice(value: string): DcChoice | null {
  const trimmed = value.trim();
  if (nameKey(trimmed) === 'pdc') return { kind: 'pdc' };
  // A DNS name may be written absolute (dc1.example.com.), as --domain may: the same DC.
  const v = trimmed.includes('.') && trimmed.endsWith('.') ? trimmed.slice(0, -1) : trimmed;
  // A DC is named as a host is: NetBIOS (15 at most) or DNS; anything else could never match one.
  return isHostName(v) ? { kind: 'name', name: v } : null;
}

/** The name a DC is reached by: its dNSHostName, else (never seen on a healthy DC) its NetBIOS name. */
export function dcHostName(dc: HostRecord): string {
  return dc.fqdn ?? dc.name;
}

/** The writable DC a --dc NAME means: its NetBIOS name or its dNSHostName, case-insensitive. */
export function findDcByName(dcs: readonly HostRecord[], name: string): HostRecord | null {
  const key = nameKey(name.replace(/\$$/, ''));
  return dcs.find((d) => nameKey(d.name) === key || (d.fqdn !== null && nameKey(d.fqdn) === key)) ?? null;
}

export function sameDcName(a: string, b: string): boolean {
  return nameKey(a) === nameKey(b);
}
