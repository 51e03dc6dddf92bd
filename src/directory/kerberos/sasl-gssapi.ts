import { SaslBindInProgressError, type Client, type SaslSecurityLayer } from 'ldapts';
import { KcdmeshError } from '../../errors.js';
import type { KerberosClient, KerberosModule } from './module.js';

/** RFC 4752 security layers (first byte of the server's offer and of the client's reply). */
const LAYER_NONE = 1;
const LAYER_CONFIDENTIALITY = 4;
/** The largest wrapped frame kcdmesh accepts: the 3-byte maximum RFC 4752 allows. */
const CLIENT_MAX_BUFFER = 0xffffff;

export interface GssapiBindResult {
  /** The ticket's principal, e.g. admin@EXAMPLE.COM: the bind identity. */
  principal: string;
  sealed: boolean;
}

const b64 = (b: Buffer): string => b.toString('base64');
/** The binding answers null when a step has no token to send. */
const bytes = (s: string | null): Buffer => Buffer.from(s ?? '', 'base64');

/** `ldap@host` for GSSAPI on Unix, `ldap/host` for SSPI on Windows. */
export function serviceName(host: string, platform: NodeJS.Platform = process.platform): string {
  return platform === 'win32' ? `ldap/${host}` : `ldap@${host}`;
}

/** The 4-byte reply to the server's layer offer: the chosen layer and the client's maximum buffer. */
export function layerReply(offer: Buffer, seal: boolean): Buffer {
  if (offer.length < 4) throw new KcdmeshError(`the DC sent a malformed SASL layer offer (${offer.length} bytes)`, 'run again with -v; is this an Active Directory DC?');
  const layer = seal ? LAYER_CONFIDENTIALITY : LAYER_NONE;
  if (!(offer[0] & layer)) {
    throw seal
      ? new KcdmeshError('the DC offers no Kerberos confidentiality layer (sealing) on plain LDAP', 'use ldaps:// or ldap:// with --starttls')
      : new KcdmeshError('the DC refuses a Kerberos bind without a security layer inside TLS', 'use ldap:// without --starttls: the session is then sealed by Kerberos');
  }
  const reply = Buffer.alloc(4);
  reply[0] = layer;
  reply.writeUIntBE(seal ? Math.min(CLIENT_MAX_BUFFER, offer.readUIntBE(1, 3) || CLIENT_MAX_BUFFER) : 0, 1, 3);
  return reply;
}

/** Send one SASL step; the server's token when it wants another step, null when bound. */
async function saslStep(client: Client, token: Buffer): Promise<Buffer | null> {
  try {
    await client.bindSASL('GSSAPI', token);
    return null;
  } catch (err) {
    if (err instanceof SaslBindInProgressError) return err.response.saslCredentials ?? Buffer.alloc(0);
    throw err;
  }
}

/**
 * The GSS context is not safe for concurrent use (and the binding keeps the last result in shared
 * state): wraps and unwraps run one at a time, in the order asked.
 */
function sealingLayer(k: KerberosClient): SaslSecurityLayer {
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    const next = queue.then(fn, fn);
    queue = next.catch(() => undefined);
    return next;
  };
  return {
    wrap: (data) => serial(async () => bytes(await k.wrap(b64(data), { protect: true }))),
    unwrap: (data) => serial(async () => bytes(await k.unwrap(b64(data)))),
  };
}

/**
 * SASL GSSAPI bind (RFC 4752) with the caller's Kerberos credentials. With `seal` the confidentiality
 * layer is negotiated and installed on the client, so every later message is encrypted; without it
 * (inside TLS) no layer is used, as Active Directory requires.
 */
export async function bindGssapi(client: Client, krb: KerberosModule, host: string, seal: boolean): Promise<GssapiBindResult> {
  const flags = krb.GSS_C_MUTUAL_FLAG | krb.GSS_C_SEQUENCE_FLAG | (seal ? krb.GSS_C_CONF_FLAG | krb.GSS_C_INTEG_FLAG : 0);
  const k = await krb.initializeClient(serviceName(host), { mechOID: krb.GSS_MECH_OID_KRB5, flags });
  let server = await saslStep(client, bytes(await k.step('')));
  // Context establishment: AP-REQ out, AP-REP back (mutual authentication). The step that completes the
  // context yields an empty token, whose answer is the server's wrapped layer offer (RFC 4752 3.1).
  for (let i = 0; !k.contextComplete; i++) {
    if (!server) throw new KcdmeshError('the DC ended the Kerberos bind before the security layer was agreed', 'run again with -v for details');
    if (i >= 5) throw new KcdmeshError('the Kerberos bind did not complete after 5 exchanges', 'run again with -v for details');
    server = await saslStep(client, bytes(await k.step(b64(server))));
  }
  if (!server) throw new KcdmeshError('the DC ended the Kerberos bind before the security layer was agreed', 'run again with -v for details');
  const offer = bytes(await k.unwrap(b64(server)));
  // Wrapped without `user`: the binding then sends these 4 bytes as they are (no authorization identity).
  const reply = bytes(await k.wrap(b64(layerReply(offer, seal))));
  const last = await saslStep(client, reply);
  if (last) throw new KcdmeshError('the DC asked for more after the Kerberos layer reply', 'run again with -v for details');
  if (seal) client.setSaslSecurityLayer(sealingLayer(k));
  return { principal: k.username, sealed: seal };
}
