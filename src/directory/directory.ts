import type { HostName } from '../core/names.js';
import type { OperatorRecord } from '../core/operators.js';
import type { HostRecord, SpnMappings, UacChange } from '../core/types.js';

/** What the rootDSE tells about the domain the DC serves. */
export interface RootInfo {
  defaultNamingContext: string;
  configurationNamingContext: string;
  dnsHostName: string;
}

/** One host's whole change, sent as one modify. */
export interface HostModify {
  dn: string;
  add: readonly string[];
  remove: readonly string[];
  uac: UacChange | null;
}

/** How a config group discovers its hosts: computers, optionally the migration SPN, a group, the config's own filter. */
export interface DiscoveryRules {
  /** An LDAP filter written in the config file, ANDed in as given. */
  filter?: string;
  memberOf?: string;
  requireMigrationSpn: boolean;
}

export interface DirectoryStats {
  searches: number;
  modifies: number;
}

/** The port the readers and the write path use: ldap-directory.ts speaks to a DC, memory-directory.ts holds AD's semantics in memory. */
export interface Directory {
  readonly root: RootInfo;
  readonly url: string;
  /** The identity bound with (never the password): recorded in backups and the change log. */
  readonly user: string;
  readonly stats: DirectoryStats;
  /** Computers matching any of `names`, under `base`, in as few paged searches as the filter allows. */
  findHosts(names: readonly HostName[], base: string): Promise<HostRecord[]>;
  /** Computers under `base` that register the migration SPN (Hyper-V hosts). */
  discoverHosts(base: string): Promise<HostRecord[]>;
  /** Computers under `base` that a config group's discovery rules select. */
  discoverByRules(base: string, rules: DiscoveryRules): Promise<HostRecord[]>;
  /** Computers under `base` holding any of `values` in msDS-AllowedToDelegateTo. */
  findDelegatingTo(values: readonly string[], base: string): Promise<HostRecord[]>;
  /**
   * Any object under `base` that answers for one of `names`: a computer by sAMAccountName or
   * dNSHostName, or anything registering `<class>/<name>` for one of `classes` (an alias of a file server).
   */
  findNameHolders(names: readonly HostName[], classes: readonly string[], base: string): Promise<HostRecord[]>;
  /** The writable domain controllers of the domain (SERVER_TRUST_ACCOUNT). */
  readWritableDcs(): Promise<HostRecord[]>;
  /** Every domain controller, writable or read-only: a mesh host never delegates to one. */
  readDomainControllers(): Promise<HostRecord[]>;
  /** The dNSHostName of the PDC emulator (fSMORoleOwner of the domain head), or null when it cannot be told. */
  readPdcHostName(): Promise<string | null>;
  readSpnMappings(): Promise<SpnMappings>;
  /** The accounts that start migrations: their flags, and their way into Protected Users (nested groups included). */
  readOperators(names: readonly string[]): Promise<OperatorRecord[]>;
  modifyHost(change: HostModify): Promise<void>;
  close(): Promise<void>;
}
