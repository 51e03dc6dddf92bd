import { Attribute, Change, Client, Control, ResultCodeError } from 'ldapts';
import { KcdmeshError } from '../errors.js';
import type { HostName } from '../core/names.js';
import { parseSpnMappings } from '../core/spn.js';
import type { HostRecord, SpnMappings } from '../core/types.js';
import type { Connection } from '../config/connection.js';
import type { Logger } from '../ui/logger.js';
import type { Directory, DirectoryStats, HostModify, RootInfo } from './directory.js';
import { HOST_ATTRIBUTES, completeRanges, normaliseEntry, toHostRecord } from './entry.js';
import { mapLdapError } from './errors.js';
import { discoveryFilter, hostFilters } from './filter.js';

/** AD's permissive-modify control: adding a present value or deleting an absent one is not an error. */
const PERMISSIVE_MODIFY = '1.2.840.113556.1.4.1413';
const PAGE_SIZE = 500;
const DELEGATE_TO = 'msDS-AllowedToDelegateTo';

class LdapDirectory implements Directory {
  readonly stats: DirectoryStats = { searches: 0, modifies: 0 };
  /** Set by the first transport failure: ldapts would reconnect unauthenticated, so nothing more is sent. */
  private lost: string | null = null;

  constructor(
    private readonly client: Client,
    readonly url: string,
    readonly user: string,
    readonly root: RootInfo,
    private readonly log: Logger,
  ) {}

  async findHosts(names: readonly HostName[], base: string): Promise<HostRecord[]> {
    const hosts: HostRecord[] = [];
    for (const filter of hostFilters(names)) hosts.push(...(await this.searchHosts(base, filter)));
    return hosts;
  }

  discoverHosts(base: string): Promise<HostRecord[]> {
    return this.searchHosts(base, discoveryFilter());
  }

  async readSpnMappings(): Promise<SpnMappings> {
    const dn = `CN=Directory Service,CN=Windows NT,CN=Services,${this.root.configurationNamingContext}`;
    const entry = await this.searchBase(dn, ['sPNMappings'], `read sPNMappings from ${dn}`);
    return parseSpnMappings(entry ? (normaliseEntry(entry).attrs.get('spnmappings') ?? []) : []);
  }

  async modifyHost(change: HostModify): Promise<void> {
    const changes: Change[] = [];
    if (change.add.length) changes.push(new Change({ operation: 'add', modification: new Attribute({ type: DELEGATE_TO, values: [...change.add] }) }));
    if (change.remove.length) changes.push(new Change({ operation: 'delete', modification: new Attribute({ type: DELEGATE_TO, values: [...change.remove] }) }));
    if (change.uac) {
      // Delete the old value and add the new one: the DC rejects the modify if someone changed UAC meanwhile.
      changes.push(new Change({ operation: 'delete', modification: new Attribute({ type: 'userAccountControl', values: [String(change.uac.from)] }) }));
      changes.push(new Change({ operation: 'add', modification: new Attribute({ type: 'userAccountControl', values: [String(change.uac.to)] }) }));
    }
    if (changes.length === 0) return;
    this.log.debug(`modify ${change.dn}: +${change.add.length} -${change.remove.length}${change.uac ? ' uac' : ''}`);
    await this.send(`modify ${change.dn}`, () => {
      this.stats.modifies++;
      return this.client.modify(change.dn, changes, new Control(PERMISSIVE_MODIFY, { critical: false }));
    });
  }

  /** Send one request; after a lost connection, refuse instead of letting ldapts reconnect unbound. */
  private async send<T>(action: string, request: () => Promise<T>): Promise<T> {
    if (this.lost) throw new KcdmeshError(`${action}: not sent, the connection to ${this.url} was lost earlier (${this.lost})`, 'check the DC and the network, then run again');
    try {
      return await request();
    } catch (err) {
      const mapped = mapLdapError(err, { url: this.url, action });
      if (!(err instanceof ResultCodeError)) this.lost ??= mapped.message;
      throw mapped;
    }
  }

  async close(): Promise<void> {
    await this.client.unbind().catch(() => undefined);
  }

  async searchHosts(base: string, filter: string): Promise<HostRecord[]> {
    this.log.debug(`search ${base} ${filter}`);
    // Each page becomes HostRecords as it arrives: ldapts' entries of one page at most are alive at a time
    const hosts: Array<HostRecord | null> = [];
    const partial: Array<{ at: number } & ReturnType<typeof normaliseEntry>> = [];
    await this.send(`search ${base}`, async () => {
      this.stats.searches++;
      for await (const page of this.client.searchPaginated(base, { scope: 'sub', filter, attributes: HOST_ATTRIBUTES, paged: { pageSize: PAGE_SIZE } })) {
        for (const e of page.searchEntries) {
          const entry = normaliseEntry(e as Record<string, unknown>);
          if (entry.ranged.length) partial.push({ at: hosts.length, ...entry });
          hosts.push(entry.ranged.length ? null : toHostRecord(entry.dn, entry.attrs));
        }
      }
    });
    // values past AD's range limit are read after the search, not between its pages
    for (const { at, dn, attrs, ranged } of partial) {
      await completeRanges(dn, attrs, ranged, (d, spec) => this.searchBase(d, [spec], `read ${spec} of ${d}`));
      hosts[at] = toHostRecord(dn, attrs);
    }
    return hosts.filter((h): h is HostRecord => h !== null); // none is left: each null was filled above
  }

  private async searchBase(dn: string, attributes: string[], action: string): Promise<Record<string, unknown> | undefined> {
    const { searchEntries } = await this.send(action, () => {
      this.stats.searches++;
      return this.client.search(dn, { scope: 'base', filter: '(objectClass=*)', attributes });
    });
    return searchEntries[0] as Record<string, unknown> | undefined;
  }
}

/** Connect, secure the channel, bind, and read the rootDSE. The client is closed on any failure. */
export async function openLdapDirectory(conn: Connection, log: Logger): Promise<Directory> {
  const tlsOptions = { ca: conn.caPem ? [conn.caPem] : undefined, rejectUnauthorized: !conn.tlsInsecure };
  // ldapts speaks TLS from the first byte whenever tlsOptions is set: give it only for ldaps://.
  const secure = conn.url.startsWith('ldaps:');
  const client = new Client({ url: conn.url, timeout: conn.timeoutMs, connectTimeout: conn.timeoutMs, tlsOptions: secure ? tlsOptions : undefined });
  let action = `connect to ${conn.url}`;
  try {
    if (conn.starttls) {
      action = `StartTLS with ${conn.url}`;
      await client.startTLS(tlsOptions);
    }
    action = `bind as ${conn.user}`;
    log.debug(`${action} to ${conn.url}`);
    await client.bind(conn.user, conn.password.reveal());
    action = `read the rootDSE of ${conn.url}`;
    const { searchEntries } = await client.search('', {
      scope: 'base',
      filter: '(objectClass=*)',
      attributes: ['defaultNamingContext', 'configurationNamingContext', 'dnsHostName'],
    });
    const attrs = normaliseEntry((searchEntries[0] ?? { dn: '' }) as Record<string, unknown>).attrs;
    const root: RootInfo = {
      defaultNamingContext: attrs.get('defaultnamingcontext')?.[0] ?? '',
      configurationNamingContext: attrs.get('configurationnamingcontext')?.[0] ?? '',
      dnsHostName: attrs.get('dnshostname')?.[0] ?? '',
    };
    if (!root.defaultNamingContext) throw new Error('the rootDSE has no defaultNamingContext: is this an Active Directory DC?');
    return new LdapDirectory(client, conn.url, conn.user, root, log);
  } catch (err) {
    await client.unbind().catch(() => undefined);
    throw mapLdapError(err, { url: conn.url, action });
  }
}
