import { InvalidCredentialsError, StrongAuthRequiredError } from 'ldapts';
import { KcdmeshError } from '../../errors.js';

export interface KerberosErrorContext {
  url: string;
  /** The service principal asked for, e.g. ldap/dc1.example.com. */
  spn: string;
  /** Inside TLS (ldaps:// or StartTLS): channel binding may apply. */
  tls: boolean;
}

/** The part of a GSSAPI message that says what went wrong (the minor status, after the colon). */
function reason(message: string): string {
  const line = message.split('\n')[0];
  const minor = /Minor code may provide more information:\s*(.*)$/.exec(line)?.[1] ?? line.replace(/^.*?:\s*(?=No Kerberos credentials)/, '');
  return minor.trim() || line.trim();
}

/**
 * Turn a failure of the Kerberos bind into one line and a hint, or null when it is not a Kerberos
 * matter (then the LDAP mapping applies). Messages come from MIT/Heimdal through the binding, or
 * from SSPI on Windows; only their text is stable, so they are matched by it.
 */
export function mapKerberosError(err: unknown, ctx: KerberosErrorContext): KcdmeshError | null {
  if (err instanceof KcdmeshError) return err;
  if (err instanceof InvalidCredentialsError && ctx.tls && /80090346|channel.?binding/i.test(err.message)) {
    return new KcdmeshError(`Kerberos bind to ${ctx.url} refused: the DC requires channel binding on TLS, which the Kerberos module cannot send (LDAP 49, 80090346)`, 'use ldap:// without --starttls: the session is then sealed by Kerberos, which needs no channel binding');
  }
  if (err instanceof StrongAuthRequiredError && ctx.tls) {
    return new KcdmeshError(`Kerberos bind to ${ctx.url} refused inside TLS (LDAP 8: ${err.message.split('\n')[0].replace(/\s*Code: 0x[0-9a-f]+$/i, '')})`, 'use ldap:// without --starttls: the session is then sealed by Kerberos, as ADUC does');
  }
  if (!(err instanceof Error) || typeof (err as { code?: unknown }).code === 'number') return null;
  const text = err.message;
  const why = reason(text);
  if (/No Kerberos credentials available|No credentials cache found|credentials cache .* not found|No credentials were supplied/i.test(text)) {
    return new KcdmeshError(`no Kerberos ticket (${why})`, 'get one with kinit user@REALM (or set KRB5CCNAME to your credential cache, or KRB5_CLIENT_KTNAME to a keytab)');
  }
  if (/Ticket expired|credentials? (have|has) expired/i.test(text)) {
    return new KcdmeshError(`the Kerberos ticket has expired (${why})`, 'get a new one with kinit (or kinit -R to renew it)');
  }
  if (/Server not found in Kerberos database|Server principal unknown|target principal name is incorrect|SEC_E_TARGET_UNKNOWN/i.test(text)) {
    return new KcdmeshError(`the KDC knows no service principal ${ctx.spn} (${why})`, 'connect by the DC\'s FQDN in --url (ldap://dc1.example.com): that name carries the ldap/ SPN');
  }
  if (/Cannot find KDC for realm|unknown realm|Realm not local|Cannot resolve network address for KDC|No KDC for realm|Configuration file does not specify default realm/i.test(text)) {
    return new KcdmeshError(`the Kerberos configuration knows no KDC for the realm (${why})`, 'add the realm and its KDC to krb5.conf (or point KRB5_CONFIG at one), or enable dns_lookup_kdc');
  }
  if (/Cannot contact any KDC|KDC unreachable|Connection refused.*KDC|No logon servers|SEC_E_NO_AUTHENTICATING_AUTHORITY/i.test(text)) {
    return new KcdmeshError(`the KDC cannot be reached (${why})`, 'check that the DC\'s Kerberos port (88) is reachable and the kdc entries in krb5.conf / KRB5_CONFIG');
  }
  if (/Clock skew/i.test(text)) {
    return new KcdmeshError(`Kerberos refused: the clocks differ too much (${why})`, 'synchronise this machine\'s clock with the domain (NTP)');
  }
  if (/Key table|keytab/i.test(text)) {
    return new KcdmeshError(`the keytab cannot be used (${why})`, 'check KRB5_CLIENT_KTNAME: a readable keytab holding the user\'s keys');
  }
  if (/GSS|Kerberos|krb5/i.test(text)) {
    return new KcdmeshError(`Kerberos bind to ${ctx.url} failed (${why})`, 'check the ticket with klist, and run again with -v');
  }
  return null;
}
