import {
  InsufficientAccessError,
  InvalidCredentialsError,
  NoSuchObjectError,
  AdminLimitExceededError,
  ResultCodeError,
  StrongAuthRequiredError,
  ConfidentialityRequiredError,
  TypeOrValueExistsError,
} from 'ldapts';
import { DirectoryRefusal, KcdmeshError, NotSentError } from '../errors.js';
import { DcNameError } from './dc-name-error.js';

const TLS_VERIFY_CODES = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'CERT_UNTRUSTED',
]);

interface ErrorLike {
  message: string;
  code?: unknown;
}

/** Errors from node's sockets may come from another realm (jest's VM): recognise them by shape. */
function isErrorLike(err: unknown): err is ErrorLike {
  return typeof err === 'object' && err !== null && typeof (err as ErrorLike).message === 'string';
}

/** First line of AD's diagnostic text, without ldapts' trailing code. */
function diagnostic(err: ErrorLike): string {
  return err.message.split('\n')[0].replace(/\s*Code: 0x[0-9a-f]+$/i, '').trim();
}

export interface ErrorContext {
  url: string;
  /** What was being done, e.g. "bind as admin@lab.test" or "modify CN=HV01,...". */
  action: string;
}

/** LDAP 50: the bind identity may not write this (AD names the missing privilege in its diagnostic text). */
export function insufficientAccess(action: string, text: string): DirectoryRefusal {
  const privilege = /SePrivEnableDelegation|SeEnableDelegationPrivilege/i.test(text);
  return new DirectoryRefusal(
    `${action}: insufficient access (LDAP 50: ${text})`,
    privilege
      ? 'the account needs SeEnableDelegationPrivilege ("Enable computer and user accounts to be trusted for delegation"), held by Domain Admins by default'
      : 'the account needs write access to the computer objects and SeEnableDelegationPrivilege; Domain Admins have both',
    50,
  );
}

/** The delete-old/add-new of userAccountControl found another value: someone changed it since it was read. */
export function uacChanged(action: string, resultCode = 20): DirectoryRefusal {
  return new DirectoryRefusal(`${action}: userAccountControl was changed by someone else since it was read`, 'run kcdmesh plan again and review the new plan', resultCode);
}

/** Turn whatever ldapts or the socket threw into one line and a hint. Never includes secrets. */
export function mapLdapError(err: unknown, ctx: ErrorContext): KcdmeshError {
  if (err instanceof KcdmeshError) return err;
  if (!isErrorLike(err)) return new KcdmeshError(`${ctx.action} failed: ${String(err)}`, 'run again with -v for details');
  const code = typeof err.code === 'string' ? err.code : '';
  // ldapts rejects each request pending on a failed socket with this, and the socket's message on a second line.
  const socket = /^Socket error\. Message type: [^\n]*\n([\s\S]*)$/.exec(err.message);
  if (socket) return new KcdmeshError(`${ctx.action}: connection to ${ctx.url} lost (${oneLine(socket[1] ?? '') || 'socket error'})`, 'check the DC and the network, then run again');
  if (err instanceof InvalidCredentialsError) {
    return new DirectoryRefusal(`${ctx.action}: wrong user name or password (LDAP 49: ${diagnostic(err)})`, 'check --user / KCDMESH_USER and the password; a UPN (admin@example.com) or DOMAIN\\name works', 49);
  }
  if (err instanceof InsufficientAccessError) return insufficientAccess(ctx.action, diagnostic(err));
  if (err instanceof StrongAuthRequiredError || err instanceof ConfidentialityRequiredError) {
    return new DirectoryRefusal(`${ctx.action}: the DC requires an encrypted connection (LDAP ${err.code}: ${diagnostic(err)})`, 'use an ldaps:// URL, or ldap:// with --starttls', err.code);
  }
  if (err instanceof AdminLimitExceededError) {
    return new DirectoryRefusal(`${ctx.action}: the DC refused the size of the change (LDAP 11: ${diagnostic(err)})`, 'the per-object value limit is reached: split the hosts into smaller migration groups', 11);
  }
  if (err instanceof NoSuchObjectError) {
    return new DirectoryRefusal(`${ctx.action}: no such object (LDAP 32: ${diagnostic(err)})`, 'check --search-base; the object may have been moved or deleted', 32);
  }
  if (err instanceof TypeOrValueExistsError && /userAccountControl/i.test(err.message)) return uacChanged(ctx.action, err.code);
  if (err instanceof ResultCodeError) {
    return new DirectoryRefusal(`${ctx.action} failed (LDAP ${err.code}: ${diagnostic(err)})`, 'run again with -v for details', err.code);
  }
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') {
    return new DcNameError(`the TLS certificate of ${ctx.url} is for another name (${err.message})`, 'connect by a name the certificate lists (usually the DC\'s FQDN) in --url', 'certificate-name', ctx.url);
  }
  if (TLS_VERIFY_CODES.has(code)) {
    return new KcdmeshError(`TLS certificate of ${ctx.url} not trusted (${code}: ${err.message})`, 'give the CA that signed the DC certificate with --ca-file (PEM), and connect by a name the certificate lists');
  }
  // No connection could be made: the request never left this machine.
  if (code === 'ECONNREFUSED') return new NotSentError(`connection to ${ctx.url} refused`, 'check the URL and port; is the DC up and listening on LDAPS (636)?');
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return new DcNameError(`cannot resolve the host in ${ctx.url}`, 'check the DC name in --url / KCDMESH_URL', 'unresolved', ctx.url);
  if (code === 'ECONNRESET' || code === 'EPIPE' || /connection (closed|reset)|socket (hang up|closed)/i.test(err.message)) {
    return new KcdmeshError(`${ctx.action}: connection to ${ctx.url} lost (${err.message})`, 'check the DC and the network, then run again');
  }
  if (/timed? ?out/i.test(err.message) || code === 'ETIMEDOUT') {
    return new KcdmeshError(`${ctx.action}: ${ctx.url} did not answer in time`, 'check the DC and the network, or raise --timeout');
  }
  if (/TLS|SSL|certificate/i.test(err.message)) {
    return new KcdmeshError(`TLS failure talking to ${ctx.url}: ${err.message}`, 'check the URL scheme (ldaps:// on 636, ldap:// with --starttls on 389) and --ca-file');
  }
  return new KcdmeshError(`${ctx.action} failed: ${oneLine(err.message)}`, 'run again with -v for details');
}

/** A message on one line: its lines joined by a space. */
function oneLine(message: string): string {
  return message.split(/\s*\n\s*/).filter(Boolean).join(' ').trim();
}
