import { parseSpnMappings } from '../../src/core/spn.js';
import type { HostRecord, Policy, SpnMappings } from '../../src/core/types.js';

/** Small builders for the unit tests: computer objects as a joined Hyper-V host registers them. */

export const MIGRATION = 'Microsoft Virtual System Migration Service';
export const CONSOLE = 'Microsoft Virtual Console Service';

/** WORKSTATION_TRUST_ACCOUNT only: a member computer with no delegation at all. */
export const MEMBER_UAC = 0x1000;

export const fqdnOf = (name: string): string => `${name.toLowerCase()}.lab.test`;
export const dnOf = (name: string, domain = 'DC=lab,DC=test'): string => `CN=${name},CN=Computers,${domain}`;

/** The SPNs a Hyper-V host registers: HOST, RestrictedKrbHost and the two Hyper-V services, both name forms. */
export function hyperVSpns(name: string, fqdn: string = fqdnOf(name)): string[] {
  return ['HOST', 'RestrictedKrbHost', MIGRATION, CONSOLE].flatMap((c) => [`${c}/${name}`, `${c}/${fqdn}`]);
}

export interface HostOptions {
  values?: string[];
  uac?: number;
  spns?: string[];
  fqdn?: string | null;
  dn?: string;
}

export function host(name: string, opts: HostOptions = {}): HostRecord {
  const fqdn = opts.fqdn === undefined ? fqdnOf(name) : opts.fqdn;
  return {
    dn: opts.dn ?? dnOf(name),
    name,
    fqdn,
    userAccountControl: opts.uac ?? MEMBER_UAC,
    delegateTo: opts.values ?? [],
    servicePrincipalNames: opts.spns ?? hyperVSpns(name, fqdn ?? name),
  };
}

/** The four values a host needs to delegate to `peer` with the default services, written out by hand. */
export function valuesFor(peer: string): string[] {
  return [`cifs/${peer}`, `cifs/${fqdnOf(peer)}`, `${MIGRATION}/${peer}`, `${MIGRATION}/${fqdnOf(peer)}`];
}

/** A mesh already in place: each host holds the values for every other host. */
export function configuredMesh(names: readonly string[], uac = MEMBER_UAC): HostRecord[] {
  return names.map((n) => host(n, { uac, values: names.filter((p) => p !== n).flatMap(valuesFor) }));
}

export function policy(overrides: Partial<Policy> = {}): Policy {
  return { services: ['cifs', MIGRATION], mode: 'kerberos-only', maxValues: 1200, ...overrides };
}

/** The forest's sPNMappings, shortened: cifs (and http) are served by HOST. */
export const MAPPINGS: SpnMappings = parseSpnMappings(['host=alerter,appmgmt,cifs,http,www']);
export const NO_MAPPINGS: SpnMappings = new Map();
