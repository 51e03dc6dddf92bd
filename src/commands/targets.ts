import { parseHostName, type HostName } from '../core/names.js';
import { domainOfDn } from '../core/mesh.js';
import { MIGRATION_SERVICE, spnKey } from '../core/spn.js';
import type { TargetKind } from '../core/prune.js';
import type { HostRecord } from '../core/types.js';
import type { Directory } from '../directory/directory.js';
import { spnHolderFilters } from '../directory/filter.js';

function safeName(form: string): HostName | null {
  try {
    return parseHostName(form);
  } catch {
    return null;
  }
}

function holds(record: HostRecord, form: string): boolean {
  const f = form.toLowerCase();
  if (record.name.toLowerCase() === f || record.fqdn?.toLowerCase() === f) return true;
  return record.servicePrincipalNames.some((s) => s.split('/')[1]?.toLowerCase() === f);
}

/**
 * Classify delegation targets by what the directory says about them, in batched searches: by
 * computer name, by dNSHostName, and by any object registering an SPN for that name (an alias
 * of a file server). Only a name nobody answers for is "gone".
 */
export async function classifyTargets(
  dir: Directory,
  forms: readonly string[],
  storage: readonly HostRecord[],
  services: readonly string[],
): Promise<(form: string) => TargetKind> {
  const isStorage = (f: string): boolean => storage.some((s) => holds(s, f));
  const unique = [...new Map(forms.filter((f) => !isStorage(f)).map((f) => [f.toLowerCase(), f])).values()];
  const named = unique.map(safeName).filter((n): n is HostName => n !== null);
  const found: HostRecord[] = [];
  const classes = [...new Map(['HOST', ...services].map((c) => [c.toLowerCase(), c])).values()];
  // The whole domain, never a narrower --search-base: a file server elsewhere in the domain is not "gone".
  const base = dir.root.defaultNamingContext;
  const domain = domainOfDn(base);
  for (const filter of spnHolderFilters(named, classes)) found.push(...(await dir.searchHosts(base, filter)));
  return (form) => {
    if (isStorage(form)) return 'storage';
    if (!safeName(form)) return 'other';
    const owners = found.filter((r) => holds(r, form));
    // An FQDN outside the domain's DNS name may live in another domain: unknown here, so kept.
    if (owners.length === 0) return form.includes('.') && !form.toLowerCase().endsWith(`.${domain}`) ? 'other' : 'gone';
    const migration = spnKey(MIGRATION_SERVICE);
    return owners.some((o) => o.servicePrincipalNames.some((s) => spnKey(s).startsWith(`${migration}/`))) ? 'hyper-v' : 'other';
  };
}
