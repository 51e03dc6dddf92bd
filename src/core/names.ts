import { UsageError } from '../errors.js';
import { dnKey, nameKey } from './keys.js';
import type { HostRecord } from './types.js';

/** What the user asked for: a NetBIOS name (matched to sAMAccountName) or an FQDN (to dNSHostName). */
export interface HostName {
  input: string;
  kind: 'short' | 'fqdn';
  /** sAMAccountName without `$`, or the dNSHostName, lower-cased for matching. */
  key: string;
}

// NetBIOS computer names are at most 15 characters; DNS labels are letters, digits and hyphens.
// Anything else (filter metacharacters, blanks, NUL) is refused before it can reach a filter.
const SHORT = /^[A-Za-z0-9][A-Za-z0-9_-]{0,14}\$?$/;
const FQDN = /^(?=.{1,253}$)[A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?(\.[A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?)+$/;

/** A NetBIOS name (at most 15 characters) or an FQDN (labels of at most 63, 253 in all), as kcdmesh takes a host or a DC. */
export function isHostName(input: string): boolean {
  const name = input.trim();
  return name.includes('.') ? FQDN.test(name) : SHORT.test(name);
}

export function parseHostName(input: string): HostName {
  const name = input.trim();
  if (name === '') throw new UsageError('empty host name', 'give NetBIOS names (HV01) or FQDNs (hv01.example.com)');
  if (name.includes('.')) {
    if (!FQDN.test(name)) throw invalid(input);
    return { input, kind: 'fqdn', key: nameKey(name) };
  }
  if (!SHORT.test(name)) throw invalid(input);
  return { input, kind: 'short', key: nameKey(name.replace(/\$$/, '')) };
}

function invalid(input: string): UsageError {
  return new UsageError(
    `invalid host name ${JSON.stringify(input)}`,
    'a host is a NetBIOS name (letters, digits, - and _, at most 15) or an FQDN; wildcards and filter characters are not accepted',
  );
}

/** Parse every name and refuse the same name given twice. */
export function parseHostNames(inputs: readonly string[]): HostName[] {
  const names = inputs.map(parseHostName);
  const seen = new Map<string, string>();
  for (const n of names) {
    const id = `${n.kind}:${n.key}`;
    const first = seen.get(id);
    if (first !== undefined) {
      throw new UsageError(`host ${JSON.stringify(n.input)} is listed twice (also as ${JSON.stringify(first)})`, 'list each host once');
    }
    seen.set(id, n.input);
  }
  return names;
}

export function matches(name: HostName, host: HostRecord): boolean {
  return name.kind === 'short' ? nameKey(host.name) === name.key : host.fqdn !== null && nameKey(host.fqdn) === name.key;
}

/**
 * Map each requested name to exactly one computer object, in the order given.
 * Unknown and ambiguous names, and two names for one computer, are refused.
 */
export function resolveHostNames(names: readonly HostName[], found: readonly HostRecord[]): HostRecord[] {
  const resolved: HostRecord[] = [];
  const byDn = new Map<string, string>();
  // Each computer's two names keyed once: N names against N computers is not N^2 comparisons.
  const byShort = new Map<string, HostRecord[]>();
  const byFqdn = new Map<string, HostRecord[]>();
  const file = (index: Map<string, HostRecord[]>, key: string, h: HostRecord): void => {
    const list = index.get(key);
    if (list) list.push(h);
    else index.set(key, [h]);
  };
  for (const h of found) {
    file(byShort, nameKey(h.name), h);
    if (h.fqdn !== null) file(byFqdn, nameKey(h.fqdn), h);
  }
  for (const name of names) {
    const hits = (name.kind === 'short' ? byShort : byFqdn).get(name.key) ?? [];
    if (hits.length === 0) {
      throw new UsageError(
        `no computer named ${JSON.stringify(name.input)} in the directory`,
        name.kind === 'short'
          ? 'check the name (its sAMAccountName without $) and --search-base; `kcdmesh discover` lists Hyper-V hosts'
          : 'an FQDN must equal the computer\'s dNSHostName; `kcdmesh discover` lists them',
      );
    }
    if (hits.length > 1) {
      throw new UsageError(
        `${JSON.stringify(name.input)} is ambiguous: it matches ${hits.map((h) => h.dn).sort().join(' and ')}`,
        'name the host by its NetBIOS name, or narrow --search-base',
      );
    }
    const host = hits[0];
    const other = byDn.get(dnKey(host));
    if (other !== undefined) {
      throw new UsageError(`${JSON.stringify(name.input)} and ${JSON.stringify(other)} are the same computer (${host.name})`, 'list each host once');
    }
    byDn.set(dnKey(host), name.input);
    resolved.push(host);
  }
  return resolved;
}
