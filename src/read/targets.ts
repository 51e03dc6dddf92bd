import { answersTo, nameKey, serviceKey, spnKey, uniqueBy } from '../core/keys.js';
import { domainOfDn } from '../core/mesh.js';
import { parseHostName, type HostName } from '../core/names.js';
import type { TargetKind } from '../core/prune.js';
import { MIGRATION_SERVICE, parseSpn } from '../core/spn.js';
import type { HostRecord } from '../core/types.js';
import type { Directory } from '../directory/directory.js';

function safeName(form: string): HostName | null {
  try {
    return parseHostName(form);
  } catch {
    return null;
  }
}

/** `record` answers for `form`: by its names, or by an SPN it registers for that name (an alias). */
function holds(record: HostRecord, form: string): boolean {
  if (answersTo(record, form)) return true;
  return record.servicePrincipalNames.some((s) => {
    const host = parseSpn(s)?.host;
    return host !== undefined && nameKey(host) === nameKey(form);
  });
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
  const unique = uniqueBy(forms.filter((f) => !isStorage(f)), nameKey);
  const named = unique.map(safeName).filter((n): n is HostName => n !== null);
  const classes = uniqueBy(['HOST', ...services], serviceKey);
  // The whole domain, never a narrower --search-base: a file server elsewhere in the domain is not "gone".
  const base = dir.root.defaultNamingContext;
  const domain = domainOfDn(base);
  const found = named.length ? await dir.findNameHolders(named, classes, base) : [];
  return (form) => {
    if (isStorage(form)) return 'storage';
    if (!safeName(form)) return 'other';
    const owners = found.filter((r) => holds(r, form));
    // An FQDN outside the domain's DNS name may live in another domain: unknown here, so kept.
    if (owners.length === 0) return form.includes('.') && !nameKey(form).endsWith(`.${domain}`) ? 'other' : 'gone';
    const migration = spnKey(MIGRATION_SERVICE);
    return owners.some((o) => o.servicePrincipalNames.some((s) => spnKey(s).startsWith(`${migration}/`))) ? 'hyper-v' : 'other';
  };
}
