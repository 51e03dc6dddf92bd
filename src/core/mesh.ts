import { UsageError } from '../errors.js';
import { nameKey } from './keys.js';
import { meshEdges, wantedValues } from './topology.js';
import type { HostRecord } from './types.js';
import { UAC, hasFlag, isDomainController } from './uac.js';

/** Split a DN into its RDNs; an escaped comma (`\,`) belongs to its value. */
export function splitDn(dn: string): string[] {
  const rdns: string[] = [];
  let current = '';
  for (let i = 0; i < dn.length; i++) {
    const ch = dn[i];
    if (ch === '\\' && i + 1 < dn.length) {
      current += ch + dn[++i];
    } else if (ch === ',') {
      rdns.push(current);
      current = '';
    } else current += ch;
  }
  rdns.push(current);
  return rdns;
}

/** The DNS domain a DN lives in, from its DC= components (`CN=HV01,...,DC=lab,DC=test` -> lab.test). */
export function domainOfDn(dn: string): string {
  return splitDn(dn)
    .map((rdn) => rdn.trim())
    .filter((rdn) => /^dc=/i.test(rdn))
    .map((rdn) => nameKey(rdn.slice(3)))
    .join('.');
}

/**
 * Refuse a host set that cannot form a mesh. Classic constrained delegation works only inside one
 * domain, domain controllers are never configured, and each peer needs both name forms.
 */
export function checkMesh(hosts: readonly HostRecord[], minHosts = 2): void {
  if (hosts.length < minHosts) {
    throw new UsageError(
      hosts.length === 0 ? 'no hosts given' : `a mesh needs at least two hosts, got only ${hosts[0].name}`,
      'name the hosts (HV01 HV02 ..., or --hosts HV01,HV02) or use --discover',
    );
  }
  for (const h of hosts) {
    if (isDomainController(h.userAccountControl)) {
      throw new UsageError(`${h.name} is a domain controller (${h.dn})`, 'kcdmesh never configures delegation on domain controllers; leave it out');
    }
    if (!h.fqdn) {
      throw new UsageError(`${h.name} has no dNSHostName, so its FQDN form cannot be written`, 'join the host properly (it registers dNSHostName), or set the attribute, then try again');
    }
  }
  const domains = new Map<string, string>();
  for (const h of hosts) {
    const d = domainOfDn(h.dn);
    if (!domains.has(d)) domains.set(d, h.name);
  }
  if (domains.size > 1) {
    const list = [...domains].map(([d, n]) => `${n} in ${d}`).join(', ');
    throw new UsageError(`hosts are in different domains (${list})`, 'constrained delegation works only inside one domain: make one mesh per domain');
  }
}

/**
 * Writing delegation to or from a disabled computer is almost always a stale object: plan and apply
 * refuse it (verify reports it as a finding instead).
 */
export function checkEnabled(hosts: readonly HostRecord[]): void {
  const disabled = hosts.find((h) => hasFlag(h.userAccountControl, UAC.ACCOUNTDISABLE));
  if (disabled) {
    throw new UsageError(`${disabled.name}'s computer account is disabled (${disabled.dn})`, 'enable the account if the host is in service, or leave it out of the mesh');
  }
}

/** The values `host` must hold to delegate every service to every other mesh member. */
export function desiredValues(host: HostRecord, hosts: readonly HostRecord[], services: readonly string[]): string[] {
  return wantedValues(host, meshEdges(hosts, services));
}
