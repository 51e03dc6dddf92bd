import { escapeFilter } from 'ldapts';
import type { HostName } from '../core/names.js';
import { MIGRATION_SERVICE } from '../core/spn.js';

/** Names per filter: keeps each request small on directories with long lists. */
export const NAMES_PER_FILTER = 100;

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
