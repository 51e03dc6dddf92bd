import { serviceKey } from './keys.js';
import type { SpnMappings } from './types.js';

export const MIGRATION_SERVICE = 'Microsoft Virtual System Migration Service';
export const DEFAULT_SERVICES = ['cifs', MIGRATION_SERVICE] as const;

export function spn(service: string, target: string): string {
  return `${service}/${target}`;
}

export interface ParsedSpn {
  service: string;
  host: string;
  /** The optional third part (`cifs/dc1.lab.test/lab.test`): such values are never managed. */
  rest: string | null;
}

export function parseSpn(value: string): ParsedSpn | null {
  const parts = value.trim().split('/');
  if (parts.length < 2 || parts[0] === '' || parts[1] === '') return null;
  return { service: parts[0], host: parts[1], rest: parts.length > 2 ? parts.slice(2).join('/') : null };
}

/**
 * parseSpn(value)?.host without parsing the rest: the one part a check against a few names needs, for
 * every value of every host.
 */
export function spnHostPart(value: string): string | null {
  const v = value.trim();
  const i = v.indexOf('/');
  if (i <= 0) return null;
  const j = v.indexOf('/', i + 1);
  const host = j < 0 ? v.slice(i + 1) : v.slice(i + 1, j);
  return host === '' ? null : host;
}

/** The values one host needs to delegate `services` to a peer: each service, short name and FQDN. */
export function peerValues(services: readonly string[], peerName: string, peerFqdn: string): string[] {
  return services.flatMap((s) => [spn(s, peerName), spn(s, peerFqdn)]);
}

/**
 * Parse the forest's sPNMappings (`host=alerter,...,cifs,...`) into alias -> classes that serve it.
 * A `cifs/X` target is satisfied by `HOST/X` registered on X.
 */
export function parseSpnMappings(values: readonly string[]): SpnMappings {
  const map = new Map<string, string[]>();
  for (const line of values) {
    const eq = line.indexOf('=');
    if (eq <= 0) continue;
    const target = serviceKey(line.slice(0, eq));
    for (const alias of line.slice(eq + 1).split(',')) {
      const key = serviceKey(alias);
      if (!key) continue;
      map.set(key, [...(map.get(key) ?? []), target]);
    }
  }
  return map;
}

/** The SPN classes that a target may register so that `service/<form>` resolves to it. */
export function servingClasses(service: string, mappings: SpnMappings): string[] {
  const key = serviceKey(service);
  return [key, ...(mappings.get(key) ?? [])];
}
