import { Attribute, Change, Client, Control, ResultCodeError } from 'ldapts';
import { KcdmeshError, NotSentError } from '../errors.js';
import { serverOfNtdsSettings } from '../core/dcs.js';
import { inFlight } from '../core/in-flight.js';
import { dnKey } from '../core/keys.js';
import type { HostName } from '../core/names.js';
import { parseSpnMappings } from '../core/spn.js';
import type { HostRecord, SpnMappings } from '../core/types.js';
import type { Connection } from '../config/connection.js';
import type { Logger } from '../ui/logger.js';
import type { Directory, DirectoryStats, DiscoveryRules, HostModify, RootInfo } from './directory.js';
import { HOST_ATTRIBUTES, completeRanges, normaliseEntry, sharedStrings, toHostRecord } from './entry.js';
import { mapLdapError } from './errors.js';
import { accountFilter, criteriaFilter, domainControllerFilter, delegatingToFilters, discoveryFilter, hostFilters, sidFilter, spnHolderFilters, writableDcFilter } from './filter.js';
import { chainTo, type OperatorRecord } from '../core/operators.js';

/** AD's permissive-modify control: adding a present value or deleting an absent one is not an error. */
const PERMISSIVE_MODIFY = '1.2.840.113556.1.4.1413';
const PAGE_SIZE = 500;
/** Searches of one read sent before the first answer: enough to keep the DC busy, few enough to be polite. */
const SEARCHES_IN_FLIGHT = 4;
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
    return this.searchEach(base, hostFilters(names));
  }

  discoverHosts(base: string): Promise<HostRecord[]> {
    return this.searchHosts(base, discoveryFilter());
  }

  discoverByRules(base: string, rules: DiscoveryRules): Promise<HostRecord[]> {
    return this.searchHosts(base, criteriaFilter(rules));
  }

  findDelegatingTo(values: readonly string[], base: string): Promise<HostRecord[]> {
    return this.searchEach(base, delegatingToFilters(values));
  }

  findNameHolders(names: readonly HostName[], classes: readonly string[], base: string): Promise<HostRecord[]> {
    return this.searchEach(base, spnHolderFilters(names, classes));
  }

  readWritableDcs(): Promise<HostRecord[]> {
    return this.searchHosts(this.root.defaultNamingContext, writableDcFilter());
  }

  readDomainControllers(): Promise<HostRecord[]> {
    return this.searchHosts(this.root.defaultNamingContext, domainControllerFilter());
  }

  async readPdcHostName(): Promise<string | null> {
    const head = this.root.defaultNamingContext;
    const domain = await this.searchBase(head, ['fSMORoleOwner'], `read fSMORoleOwner of ${head}`);
    const owner = domain ? normaliseEntry(domain).attrs.get('fsmoroleowner')?.[0] : undefined;
    const server = owner ? serverOfNtdsSettings(owner) : null;
    if (!server) return null;
    const entry = await this.searchBase(server, ['dNSHostName'], `read dNSHostName of ${server}`);
    return (entry ? normaliseEntry(entry).attrs.get('dnshostname')?.[0] : undefined) ?? null;
  }

  /**
   * One search per filter, a few in flight at once, the hosts in filter order: the DC answers one filter
   * while it evaluates the next, so its work and the decoding here overlap instead of taking turns. A
   * computer that two filters match (HV01 in one, hv01.lab.test in another) is given once, as one
   * filter would give it.
   */
  private async searchEach(base: string, filters: readonly string[]): Promise<HostRecord[]> {
    const parts = await inFlight(filters, SEARCHES_IN_FLIGHT, (filter) => this.searchHosts(base, filter));
    const hosts: HostRecord[] = [];
    const seen = new Set<string>();
    // one by one: spreading thousands of hosts into one call passes the engine's limit on its arguments
    for (const part of parts) {
      for (const h of part) {
        const key = dnKey(h);
        if (seen.has(key)) continue;
        seen.add(key);
        hosts.push(h);
      }
    }
    return hosts;
  }

  async readSpnMappings(): Promise<SpnMappings> {
    const dn = `CN=Directory Service,CN=Windows NT,CN=Services,${this.root.configurationNamingContext}`;
    const entry = await this.searchBase(dn, ['sPNMappings'], `read sPNMappings from ${dn}`);
    return parseSpnMappings(entry ? (normaliseEntry(entry).attrs.get('spnmappings') ?? []) : []);
  }

  /** Protected Users is the domain's SID plus RID 525: found by SID, so a localised name does not matter. */
  private async protectedUsersDn(): Promise<string | null> {
    const base = this.root.defaultNamingContext;
    const { searchEntries } = await this.send(`read the domain SID of ${base}`, () => {
      this.stats.searches++;
      return this.client.search(base, { scope: 'base', filter: '(objectClass=*)', attributes: ['objectSid'], explicitBufferAttributes: ['objectSid'] });
    });
    const sid = searchEntries[0]?.objectSid;
    if (!Buffer.isBuffer(sid)) return null;
    const rid = Buffer.alloc(4);
    rid.writeUInt32LE(525);
    // A SID's second byte counts its sub-authorities: one more for the RID.
    const group = Buffer.concat([sid, rid]);
    group[1] = sid[1] + 1;
    const { searchEntries: found } = await this.send('find Protected Users', () => {
      this.stats.searches++;
      return this.client.search(base, { scope: 'sub', filter: sidFilter(group), attributes: ['distinguishedName'] });
    });
    return found[0]?.dn ?? null;
  }

  async readOperators(names: readonly string[]): Promise<OperatorRecord[]> {
    if (names.length === 0) return [];
    const base = this.root.defaultNamingContext;
    const protectedUsers = await this.protectedUsersDn();
    const memberOf = new Map<string, string[]>();
    const out: OperatorRecord[] = [];
    for (const input of names) {
      const { searchEntries } = await this.send(`find operator ${input}`, () => {
        this.stats.searches++;
        return this.client.search(base, { scope: 'sub', filter: accountFilter(input), attributes: ['sAMAccountName', 'userAccountControl', 'memberOf'] });
      });
      const entry = searchEntries[0] ? normaliseEntry(searchEntries[0] as Record<string, unknown>) : null;
      if (!entry) {
        out.push({ input, name: null, dn: null, userAccountControl: 0, protectedVia: null });
        continue;
      }
      memberOf.set(dnKey(entry.dn), entry.attrs.get('memberof') ?? []);
      // Walk nested groups in code: it answers the same on Windows and Samba, and names the chain.
      const groupsOf = async (dn: string): Promise<void> => {
        const queue = [dn];
        const seen = new Set<string>();
        while (queue.length) {
          const d = queue.shift()!;
          if (seen.has(dnKey(d))) continue;
          seen.add(dnKey(d));
          if (!memberOf.has(dnKey(d))) {
            const g = await this.searchBase(d, ['memberOf'], `read the groups of ${d}`);
            memberOf.set(dnKey(d), g ? (normaliseEntry(g).attrs.get('memberof') ?? []) : []);
          }
          for (const g of memberOf.get(dnKey(d))!) queue.push(g);
        }
      };
      if (protectedUsers) await groupsOf(entry.dn);
      const chain = protectedUsers ? chainTo(entry.dn, protectedUsers, (d) => memberOf.get(dnKey(d)) ?? []) : null;
      out.push({
        input,
        name: entry.attrs.get('samaccountname')?.[0] ?? input,
        dn: entry.dn,
        userAccountControl: Number(entry.attrs.get('useraccountcontrol')?.[0] ?? 0) >>> 0,
        protectedVia: chain ? chain.map(cnOf) : null,
      });
    }
    return out;
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
    if (this.lost) throw new NotSentError(`${action}: not sent, the connection to ${this.url} was lost earlier (${this.lost})`, 'check the DC and the network, then run again');
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

  private async searchHosts(base: string, filter: string): Promise<HostRecord[]> {
    this.log.debug(`search ${base} ${filter}`);
    // Each entry becomes a HostRecord as it arrives (ldapts' onEntry, patch 003): its decoded values die
    // young, one string per distinct value is kept, and no page of entries is held.
    const hosts: Array<HostRecord | null> = [];
    const partial: Array<{ at: number } & ReturnType<typeof normaliseEntry>> = [];
    const same = sharedStrings();
    const onEntry = (e: Record<string, unknown>): void => {
      const entry = normaliseEntry(e);
      if (entry.ranged.length) partial.push({ at: hosts.length, ...entry });
      hosts.push(entry.ranged.length ? null : toHostRecord(entry.dn, entry.attrs, same));
    };
    let collected = 0;
    await this.send(`search ${base}`, async () => {
      this.stats.searches++;
      collected = (await this.client.search(base, { scope: 'sub', filter, attributes: HOST_ATTRIBUTES, paged: { pageSize: PAGE_SIZE }, onEntry })).searchEntries.length;
    });
    // An ldapts without kcdmesh's patches ignores onEntry and hands the entries back at the end: every
    // host would look missing. Say so rather than answer wrongly.
    if (collected > 0) throw unpatchedLdapts();
    // values past AD's range limit are read after the search, not between its pages
    for (const { at, dn, attrs, ranged } of partial) {
      await completeRanges(dn, attrs, ranged, (d, spec) => this.searchBase(d, [spec], `read ${spec} of ${d}`));
      hosts[at] = toHostRecord(dn, attrs, same);
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

function unpatchedLdapts(): KcdmeshError {
  return new KcdmeshError(
    'the ldapts installed beside kcdmesh is not patched for it (kcdmesh\'s install script did not run): it would read no host',
    'let the install script run: in a project, npm install-scripts approve kcdmesh, then npm rebuild kcdmesh; installed globally, install it again with npm install -g --allow-scripts=kcdmesh,kerberos',
  );
}

/** The first RDN's value of a DN, for showing a group: CN=Protected Users,CN=Users,... -> Protected Users. */
function cnOf(dn: string): string {
  const m = /^[^=]+=((?:\\.|[^,])*)/.exec(dn);
  return m ? m[1].replace(/\\(.)/g, '$1') : dn;
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
    let user = conn.user;
    if (conn.auth === 'kerberos') {
      // Kerberos: the bind identity is the ticket's principal (src/kerberos/bind.ts).
      action = `Kerberos bind to ${conn.url}`;
      const { kerberosBind } = await import('./kerberos/bind.js'); // the GSSAPI code only for a Kerberos bind
      user = await kerberosBind(client, conn, log);
    } else {
      action = `bind as ${conn.user}`;
      log.debug(`${action} to ${conn.url}`);
      await client.bind(conn.user, conn.password.reveal());
    }
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
    return new LdapDirectory(client, conn.url, user, root, log);
  } catch (err) {
    await client.unbind().catch(() => undefined);
    throw mapLdapError(err, { url: conn.url, action });
  }
}
