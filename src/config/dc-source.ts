import { dnsNameProblem } from '../core/dns-name.js';
import { escapeForDisplay } from '../core/escape.js';
import { UsageError } from '../errors.js';
import { locateDcs } from './dc-locator.js';
import { ticketRealm } from './ccache.js';

export const AUTH_METHODS = ['simple', 'kerberos'] as const;
export type AuthMethod = (typeof AUTH_METHODS)[number];

export function parseAuth(raw: string | undefined): AuthMethod {
  const value = (raw ?? 'simple').toLowerCase();
  if (!(AUTH_METHODS as readonly string[]).includes(value)) {
    throw new UsageError(`unknown --auth ${JSON.stringify(raw)}`, 'use --auth kerberos (your Kerberos ticket) or --auth simple (user and password, the default)');
  }
  return value as AuthMethod;
}

/** Refuse a domain that is no DNS name (`what`: "--domain", "KCDMESH_DOMAIN", "the ticket's realm"). */
export function checkDomainName(domain: string, what: string): void {
  const problem = dnsNameProblem(domain);
  if (problem) throw new UsageError(`${what} ${escapeForDisplay(JSON.stringify(domain.length > 80 ? `${domain.slice(0, 80)}...` : domain))} is not a DNS domain name: ${problem}`, 'give the AD domain, e.g. --domain example.com');
}

/** How DCs are found: injectable so tests need no DNS server and no credential cache. */
export interface DcLookup {
  locateDcs(domain: string): Promise<string[]>;
  ticketRealm(): Promise<string | null>;
}

export function systemLookup(env: NodeJS.ProcessEnv): DcLookup {
  return {
    locateDcs: (domain) => locateDcs(domain),
    ticketRealm: () => ticketRealm(env, typeof process.getuid === 'function' ? process.getuid() : null),
  };
}

export interface DcSource {
  /** URLs to try, in order: one given, or the domain's DCs from DNS SRV records. */
  urls: string[];
  /** The domain whose SRV records gave the URLs; null when a URL was given. */
  domain: string | null;
}

/** The URL given, else the domain given, else with Kerberos the ticket's realm (flags and variables merged in config/resolve.ts). */
export async function dcSource(flags: { url?: string; domain?: string }, kerberos: boolean, lookup: DcLookup): Promise<DcSource> {
  if (flags.url && flags.domain) throw new UsageError('both --url and --domain given', 'give the DC itself (--url) or the domain whose DCs are to be found (--domain), not both');
  if (flags.url) return { urls: [flags.url], domain: null };
  let domain = flags.domain;
  if (!domain && kerberos) domain = (await lookup.ticketRealm()) ?? undefined;
  if (!domain) {
    throw new UsageError('no domain controller given', kerberos ? 'pass --url ldap://dc1.example.com or --domain example.com (no realm could be read from a ticket)' : 'pass --url ldaps://dc1.example.com or set KCDMESH_URL');
  }
  checkDomainName(domain, 'the domain');
  return { urls: await lookup.locateDcs(domain.toLowerCase()), domain: domain.toLowerCase() };
}
