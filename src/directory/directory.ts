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

export interface DirectoryStats {
  searches: number;
  modifies: number;
}

/** The port the commands use; the ldapts implementation lives in ldap-directory.ts. */
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
  /** Computers under `base` matching a filter built by directory/filter.ts (one paged search). */
  searchHosts(base: string, filter: string): Promise<HostRecord[]>;
  readSpnMappings(): Promise<SpnMappings>;
  /** The accounts that start migrations: their flags, and their way into Protected Users (nested groups included). */
  readOperators(names: readonly string[]): Promise<OperatorRecord[]>;
  modifyHost(change: HostModify): Promise<void>;
  close(): Promise<void>;
}
