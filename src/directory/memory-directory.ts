import { dnKey, nameKey, serviceKey, spnKey } from '../core/keys.js';
import type { HostName } from '../core/names.js';
import { MIGRATION_SERVICE, parseSpn, parseSpnMappings } from '../core/spn.js';
import type { HostRecord, SpnMappings } from '../core/types.js';
import type { OperatorRecord } from '../core/operators.js';
import { UAC, hasFlag, isDomainController } from '../core/uac.js';
import { DirectoryRefusal } from '../errors.js';
import type { Directory, DirectoryStats, DiscoveryRules, HostModify, RootInfo } from './directory.js';
import { insufficientAccess, uacChanged } from './errors.js';

/** One object of the in-memory directory: a computer unless `objectClass` says otherwise. */
export interface MemoryObject {
  dn: string;
  objectClass?: 'computer' | 'user';
  sAMAccountName: string;
  dNSHostName?: string | null;
  userAccountControl: number;
  delegateTo?: string[];
  servicePrincipalNames?: string[];
  memberOf?: string[];
}

export interface MemoryDirectoryOptions {
  /** The domain naming context, e.g. DC=lab,DC=test. */
  domain: string;
  url?: string;
  user?: string;
  dnsHostName?: string;
  objects?: MemoryObject[];
  /** The forest's sPNMappings values, as AD stores them (`host=alerter,...,cifs,...`). */
  spnMappings?: string[];
  /** The PDC emulator's dNSHostName (default: this DC's). */
  pdc?: string | null;
  /** The per-object limit on msDS-AllowedToDelegateTo values (AD: admin limit exceeded past it). */
  maxValues?: number;
}

/** The default sPNMappings of an AD forest, shortened to the aliases kcdmesh relies on. */
export const DEFAULT_SPN_MAPPINGS = ['host=alerter,browser,cifs,dcom,http,rpc,rpcss,scm,time,wins,www'];

const under = (dn: string, base: string): boolean => dnKey(dn) === dnKey(base) || dnKey(dn).endsWith(`,${dnKey(base)}`);
const hasValue = (list: readonly string[], v: string): boolean => list.some((x) => spnKey(x) === spnKey(v));

/**
 * The Directory port in memory, with the AD semantics kcdmesh relies on: values compare
 * case-insensitively, a modify is permissive (adding a present value or deleting an absent one is
 * no error) and whole, userAccountControl is one value replaced by delete-old/add-new, and refusals
 * come as result-code errors. For fast command tests; the Samba DC shows what only a real DC can.
 */
export class MemoryDirectory implements Directory {
  readonly stats: DirectoryStats = { searches: 0, modifies: 0 };
  readonly root: RootInfo;
  readonly url: string;
  readonly user: string;
  private readonly objects = new Map<string, MemoryObject>();
  private readonly mappings: string[];
  private readonly maxValues: number;
  private readonly pdc: string | null;
  /** DNs (keys) the bound identity may not write. */
  private readonly denied = new Set<string>();
  closed = false;

  constructor(opts: MemoryDirectoryOptions) {
    this.root = { defaultNamingContext: opts.domain, configurationNamingContext: `CN=Configuration,${opts.domain}`, dnsHostName: opts.dnsHostName ?? 'dc1' };
    this.url = opts.url ?? `ldaps://${this.root.dnsHostName}`;
    this.user = opts.user ?? 'admin';
    this.mappings = opts.spnMappings ?? DEFAULT_SPN_MAPPINGS;
    this.maxValues = opts.maxValues ?? 5000;
    this.pdc = opts.pdc === undefined ? this.root.dnsHostName : opts.pdc;
    for (const o of opts.objects ?? []) this.put(o);
  }

  /** Add or replace an object (a test's setup, or "someone else" writing meanwhile). */
  put(o: MemoryObject): void {
    this.objects.set(dnKey(o.dn), { objectClass: 'computer', delegateTo: [], servicePrincipalNames: [], memberOf: [], dNSHostName: null, ...o });
  }

  /** The stored object, for assertions and for changes made behind kcdmesh's back. */
  get(dn: string): MemoryObject | undefined {
    return this.objects.get(dnKey(dn));
  }

  /** Refuse every later modify of `dn` with insufficient access (LDAP 50). */
  deny(dn: string): void {
    this.denied.add(dnKey(dn));
  }

  async findHosts(names: readonly HostName[], base: string): Promise<HostRecord[]> {
    return this.search(base, (o) => computer(o) && names.some((n) => answers(o, n)));
  }

  async discoverHosts(base: string): Promise<HostRecord[]> {
    return this.search(base, (o) => computer(o) && migrationHost(o));
  }

  async discoverByRules(base: string, rules: DiscoveryRules): Promise<HostRecord[]> {
    // A config's own LDAP filter is the DC's to evaluate: refused here rather than ignored.
    if (rules.filter) throw new DirectoryRefusal(`the in-memory directory does not evaluate the filter ${rules.filter}`, 'use memberOf or the migration SPN in tests', 53);
    const group = rules.memberOf;
    return this.search(base, (o) => computer(o) && (!rules.requireMigrationSpn || migrationHost(o)) && (!group || (o.memberOf ?? []).some((g) => dnKey(g) === dnKey(group))));
  }

  async findDelegatingTo(values: readonly string[], base: string): Promise<HostRecord[]> {
    return this.search(base, (o) => computer(o) && (o.delegateTo ?? []).some((v) => hasValue(values, v)));
  }

  async findNameHolders(names: readonly HostName[], classes: readonly string[], base: string): Promise<HostRecord[]> {
    const spns = names.flatMap((n) => classes.map((c) => `${c}/${n.input.trim()}`));
    return this.search(base, (o) => (computer(o) && names.some((n) => answers(o, n))) || (o.servicePrincipalNames ?? []).some((s) => hasValue(spns, s)));
  }

  async readWritableDcs(): Promise<HostRecord[]> {
    return this.search(this.root.defaultNamingContext, (o) => computer(o) && hasFlag(o.userAccountControl, UAC.SERVER_TRUST_ACCOUNT));
  }

  async readDomainControllers(): Promise<HostRecord[]> {
    return this.search(this.root.defaultNamingContext, (o) => computer(o) && isDomainController(o.userAccountControl));
  }

  /** Only computers live here: an operator is never found (the LDAP implementation is tested on the lab DC). */
  async readOperators(names: readonly string[]): Promise<OperatorRecord[]> {
    this.stats.searches++;
    return names.map((input) => ({ input, name: null, dn: null, userAccountControl: 0, protectedVia: null }));
  }

  async readPdcHostName(): Promise<string | null> {
    this.stats.searches += 2;
    return this.pdc;
  }

  async readSpnMappings(): Promise<SpnMappings> {
    this.stats.searches++;
    return parseSpnMappings(this.mappings);
  }

  async modifyHost(change: HostModify): Promise<void> {
    if (!change.add.length && !change.remove.length && !change.uac) return;
    this.stats.modifies++;
    const action = `modify ${change.dn}`;
    const o = this.objects.get(dnKey(change.dn));
    if (!o) throw new DirectoryRefusal(`${action}: no such object (LDAP 32)`, 'check --search-base; the object may have been moved or deleted', 32);
    if (this.denied.has(dnKey(change.dn))) throw insufficientAccess(action, 'insufficient access rights');
    // The whole modify or nothing: computed on a copy, stored at the end.
    let values = (o.delegateTo ?? []).filter((v) => !hasValue(change.remove, v));
    for (const v of change.add) if (!hasValue(values, v)) values = [...values, v];
    if (values.length > this.maxValues) throw new DirectoryRefusal(`${action}: the DC refused the size of the change (LDAP 11)`, 'the per-object value limit is reached: split the hosts into smaller migration groups', 11);
    let uac = o.userAccountControl;
    if (change.uac) {
      // Delete the old value, add the new: with one value only, a changed UAC leaves two, which AD refuses.
      if (change.uac.from !== uac) throw uacChanged(action);
      uac = change.uac.to;
    }
    this.objects.set(dnKey(o.dn), { ...o, delegateTo: values, userAccountControl: uac >>> 0 });
  }

  async close(): Promise<void> {
    this.closed = true;
  }

  private search(base: string, match: (o: MemoryObject) => boolean): HostRecord[] {
    this.stats.searches++;
    return [...this.objects.values()].filter((o) => under(o.dn, base) && match(o)).map(toRecord);
  }
}

function computer(o: MemoryObject): boolean {
  return o.objectClass === 'computer';
}

function migrationHost(o: MemoryObject): boolean {
  return (o.servicePrincipalNames ?? []).some((s) => serviceKey(parseSpn(s)?.service ?? '') === serviceKey(MIGRATION_SERVICE));
}

function answers(o: MemoryObject, n: HostName): boolean {
  if (n.kind === 'short') return nameKey(o.sAMAccountName) === `${n.key}$`;
  return o.dNSHostName != null && nameKey(o.dNSHostName) === n.key;
}

function toRecord(o: MemoryObject): HostRecord {
  return {
    dn: o.dn,
    name: o.sAMAccountName.replace(/\$$/, ''),
    fqdn: o.dNSHostName ?? null,
    userAccountControl: o.userAccountControl >>> 0,
    delegateTo: [...(o.delegateTo ?? [])],
    servicePrincipalNames: [...(o.servicePrincipalNames ?? [])],
  };
}
