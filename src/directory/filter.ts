import { escapeFilter } from 'ldapts';
import type { HostName } from '../core/names.js';
import { MIGRATION_SERVICE } from '../core/spn.js';
import type { DiscoveryRules } from './directory.js';

/**
 * Names per filter. A few filters are sent at once (ldap-directory.ts), and the DC evaluates each before
 * it answers it: small filters let it answer the first while it evaluates the next, so 250 hosts are read
 * in 4 searches that overlap. Each stays within one page (500 entries) and far below AD's maximum
 * request size (MaxReceiveBuffer, 10 MB by default).
 */
export const NAMES_PER_FILTER = 64;

function nameClause(n: HostName): string {
  return n.kind === 'short' ? escapeFilter`(sAMAccountName=${`${n.key}$`})` : escapeFilter`(dNSHostName=${n.key})`;
}

/** One filter per chunk of names, every value escaped. */
export function hostFilters(names: readonly HostName[], perFilter = NAMES_PER_FILTER): string[] {
  const filters: string[] = [];
  for (let i = 0; i < names.length; i += perFilter) {
    const clauses = names.slice(i, i + perFilter).map(nameClause).join('');
    filters.push(`(&(objectClass=computer)(|${clauses}))`);
  }
  return filters;
}

export function discoveryFilter(): string {
  return `(&(objectClass=computer)(servicePrincipalName=${escapeFilter`${MIGRATION_SERVICE}`}/*))`;
}

/** A configured group's discovery: computers, the config's own filter, group membership, the migration SPN. */
export function criteriaFilter(c: DiscoveryRules): string {
  const parts = ['(objectClass=computer)'];
  if (c.requireMigrationSpn) parts.push(`(servicePrincipalName=${escapeFilter`${MIGRATION_SERVICE}`}/*)`);
  if (c.memberOf) parts.push(escapeFilter`(memberOf=${c.memberOf})`);
  if (c.filter) parts.push(c.filter);
  return `(&${parts.join('')})`;
}

/** Computers holding any of `values` in msDS-AllowedToDelegateTo (equality match is case-insensitive in AD). */
export function delegatingToFilters(values: readonly string[], perFilter = NAMES_PER_FILTER): string[] {
  const filters: string[] = [];
  for (let i = 0; i < values.length; i += perFilter) {
    const clauses = values.slice(i, i + perFilter).map((v) => escapeFilter`(msDS-AllowedToDelegateTo=${v})`).join('');
    filters.push(`(&(objectClass=computer)(|${clauses}))`);
  }
  return filters;
}

/**
 * Any object that answers for a name: a computer by sAMAccountName or dNSHostName, or anything
 * registering `<class>/<name>` (HOST/alias on a file server). Not limited to computers on purpose;
 * equality matches only, so the indexes serve it.
 */
export function spnHolderFilters(names: readonly HostName[], classes: readonly string[], perFilter = NAMES_PER_FILTER): string[] {
  const filters: string[] = [];
  for (let i = 0; i < names.length; i += perFilter) {
    const clauses = names
      .slice(i, i + perFilter)
      .map((n) => nameClause(n) + classes.map((c) => escapeFilter`(servicePrincipalName=${`${c}/${n.input.trim()}`})`).join(''))
      .join('');
    filters.push(`(|${clauses})`);
  }
  return filters;
}

/** Writable domain controllers: computers with SERVER_TRUST_ACCOUNT (0x2000), by a bitwise-AND match. */
export function writableDcFilter(): string {
  return '(&(objectClass=computer)(userAccountControl:1.2.840.113556.1.4.803:=8192))';
}

/** Domain controllers, writable (0x2000) or read-only (0x4000000): a mesh host never delegates to them. */
export function domainControllerFilter(): string {
  return '(&(objectClass=computer)(|(userAccountControl:1.2.840.113556.1.4.803:=8192)(userAccountControl:1.2.840.113556.1.4.803:=67108864)))';
}

/** A user account by UPN (name@domain), DOMAIN\\name or sAMAccountName. */
export function accountFilter(input: string): string {
  const name = input.trim();
  if (name.includes('@')) return escapeFilter`(&(objectClass=user)(userPrincipalName=${name}))`;
  return escapeFilter`(&(objectClass=user)(sAMAccountName=${name.replace(/^.*\\/, '')}))`;
}

/** A binary SID in its string form, S-1-5-21-...: AD and Samba both match objectSid against it in a filter. */
export function sidString(sid: Buffer): string {
  const authority = sid.readUIntBE(2, 6);
  const subs = Array.from({ length: sid[1] }, (_, i) => sid.readUInt32LE(8 + 4 * i));
  return `S-${sid[0]}-${authority}${subs.map((s) => `-${s}`).join('')}`;
}

/** The object with this SID (a binary objectSid escaped byte by byte is not matched by Samba). */
export function sidFilter(sid: Buffer): string {
  return escapeFilter`(objectSid=${sidString(sid)})`;
}
