import { isIP } from 'node:net';
import type { Client } from 'ldapts';
import type { Connection } from '../../config/connection.js';
import { KcdmeshError } from '../../errors.js';
import type { Logger } from '../../ui/logger.js';
import { mapKerberosError } from './errors.js';
import { loadKerberos, type KerberosModule } from './module.js';
import { bindGssapi } from './sasl-gssapi.js';

const WHOAMI = '1.3.6.1.4.1.4203.1.11.3';

/** The host of the URL, or, when the URL holds an address, the DC's dnsHostName read anonymously. */
async function serviceHost(client: Client, url: string, log: Logger): Promise<string> {
  const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
  if (!isIP(host)) return host;
  const { searchEntries } = await client.search('', { scope: 'base', filter: '(objectClass=*)', attributes: ['dnsHostName'] });
  const name = String([searchEntries[0]?.dnsHostName ?? ''].flat()[0] ?? '');
  if (!name) throw new KcdmeshError(`${url} holds an address and the DC does not tell its dnsHostName, so its Kerberos service name is unknown`, 'connect by the DC\'s FQDN in --url (ldap://dc1.example.com)');
  log.debug(`${url} holds an address: service name ldap/${name}, from the DC's dnsHostName (rootDSE, read before the bind)`);
  return name;
}

/** When the binding does not tell the principal: ask the DC (LDAP "Who am I?", RFC 4532). */
async function whoAmI(client: Client): Promise<string> {
  const r = await client.exop(WHOAMI).catch(() => null);
  const v = r?.value === undefined ? '' : String(r.value);
  return v.replace(/^u:/, '') || 'Kerberos principal (not reported)';
}

/**
 * Bind with the caller's Kerberos credentials. On plain ldap:// the session is sealed (RFC 4752
 * confidentiality layer); inside TLS no SASL layer is used. Returns the principal bound as.
 */
export async function kerberosBind(client: Client, conn: Connection, log: Logger, load: () => Promise<KerberosModule> = () => loadKerberos()): Promise<string> {
  const krb = await load();
  const host = await serviceHost(client, conn.url, log);
  const seal = conn.url.startsWith('ldap:') && !conn.starttls;
  try {
    const r = await bindGssapi(client, krb, host, seal);
    const principal = r.principal || (await whoAmI(client));
    log.debug(`bound to ${conn.url} as ${principal} with Kerberos (${seal ? 'sealed: GSSAPI confidentiality layer' : 'inside TLS, no SASL layer'})`);
    return principal;
  } catch (err) {
    throw mapKerberosError(err, { url: conn.url, spn: `ldap/${host}`, tls: !seal }) ?? err;
  }
}
