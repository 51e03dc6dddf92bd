import { UsageError } from '../errors.js';
import { readTextFile } from '../io/read-file.js';
import { DEFAULTS } from './options.js';
import { Secret } from './secret.js';
import { dcSource, parseAuth, systemLookup, type AuthMethod, type DcLookup } from './dc-source.js';

export interface Connection {
  url: string;
  /** Kerberos (GSSAPI) or simple bind; with kerberos `user` is a placeholder and `password` empty. */
  auth: AuthMethod;
  /** Further DCs to try when `url` cannot be reached (from DNS SRV records), and their domain. */
  fallbackUrls: string[];
  domain: string | null;
  user: string;
  password: Secret;
  caPem: string | null;
  starttls: boolean;
  /** Opt-outs: each is warned about on every run. */
  allowPlaintext: boolean;
  tlsInsecure: boolean;
  timeoutMs: number;
}

export interface ConnectionFlags {
  url?: string;
  auth?: string;
  domain?: string;
  user?: string;
  passwordFile?: string;
  caFile?: string;
  starttls?: boolean;
  insecurePlaintext?: boolean;
  insecureSkipVerify?: boolean;
  timeout?: number;
}

export interface ConnectionEnv {
  /** Read for KCDMESH_PASSWORD and the Kerberos variables only: every other setting arrives resolved (config/resolve.ts). */
  env: NodeJS.ProcessEnv;
  /** Asks for the password on a terminal; null when there is none to ask on. */
  askPassword: ((prompt: string) => Promise<string>) | null;
  warn: (message: string) => void;
  /** DNS SRV and credential-cache lookups (tests inject their own). */
  lookup?: DcLookup;
}

/** A URL as it may be shown: credentials someone put in it (user:password@) never reach the output. */
function shownUrl(raw: string): string {
  return JSON.stringify(raw.replace(/^([a-z][a-z0-9+.-]*:\/\/)?.*@/is, (_m, scheme: string | undefined) => `${scheme ?? ''}***@`));
}

export function parseUrl(raw: string, starttls: boolean): string {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    throw new UsageError(`malformed URL ${shownUrl(raw)}`, 'give the DC as ldaps://dc1.example.com (or ldap://... with --starttls)');
  }
  if (u.protocol !== 'ldaps:' && u.protocol !== 'ldap:') {
    throw new UsageError(`unsupported URL scheme ${JSON.stringify(u.protocol)} in ${shownUrl(raw)}`, 'use ldaps://host (port 636) or ldap://host with --starttls');
  }
  if (!u.hostname) throw new UsageError(`no host in URL ${shownUrl(raw)}`, 'give the DC as ldaps://dc1.example.com');
  if ((u.pathname && u.pathname !== '/') || u.search || u.username || u.password) {
    throw new UsageError(`URL ${shownUrl(raw)} has more than scheme, host and port`, 'give only ldaps://host[:port]; the base DN comes from the DC, or from --search-base');
  }
  if (starttls && u.protocol === 'ldaps:') throw new UsageError('--starttls goes with ldap:// URLs, not ldaps://', 'drop --starttls, or use ldap://');
  return `${u.protocol}//${u.host}`;
}

async function readSecretFile(path: string): Promise<string> {
  const text = await readTextFile(path, 'password');
  const password = text.split('\n')[0];
  if (password === '') throw new UsageError(`password file ${path} is empty`, 'put the password on the first line of the file');
  return password;
}

async function readCa(path: string): Promise<string> {
  const pem = await readTextFile(path, 'ca');
  if (!pem.includes('-----BEGIN CERTIFICATE-----')) throw new UsageError(`CA file ${path} holds no PEM certificate`, 'give the CA certificate in PEM form (-----BEGIN CERTIFICATE-----)');
  return pem;
}

/** Gather the connection from flags, then KCDMESH_* variables, then a prompt. Passwords never come from a flag. */
export async function resolveConnection(flags: ConnectionFlags, ctx: ConnectionEnv): Promise<Connection> {
  const auth = parseAuth(flags.auth);
  if (auth === 'kerberos' && flags.passwordFile !== undefined) {
    throw new UsageError('--password-file cannot be used with --auth kerberos', 'the Kerberos ticket is the credential: drop --password-file (get a ticket with kinit)');
  }
  const starttls = flags.starttls ?? false;
  const found = await dcSource(flags, auth === 'kerberos', ctx.lookup ?? systemLookup(ctx.env));
  const [url, ...fallbackUrls] = found.urls.map((u) => parseUrl(u, starttls));
  const base = { url, auth, fallbackUrls, domain: found.domain, starttls, tlsInsecure: flags.insecureSkipVerify ?? false, timeoutMs: Math.round((flags.timeout ?? DEFAULTS.timeoutSeconds) * 1000) };
  if (auth === 'kerberos') {
    // No password is read, asked or accepted: plain ldap:// is sealed by Kerberos (src/kerberos).
    if (flags.insecureSkipVerify) ctx.warn('WARNING: --insecure-skip-verify: the DC certificate is not checked; anyone on the path can pose as the DC');
    return { ...base, user: '(Kerberos ticket)', password: new Secret(''), caPem: flags.caFile ? await readCa(flags.caFile) : null, allowPlaintext: false };
  }
  const user = flags.user;
  if (!user) throw new UsageError('no user given', 'pass --user admin@example.com or set KCDMESH_USER');
  const plaintext = url.startsWith('ldap:') && !starttls;
  if (plaintext && !flags.insecurePlaintext) {
    throw new UsageError(`refusing to send a password over plain ${url}`, 'use ldaps:// or add --starttls');
  }
  if (plaintext) ctx.warn('WARNING: --insecure-plaintext: the password is sent unencrypted to the DC');
  if (flags.insecureSkipVerify) ctx.warn('WARNING: --insecure-skip-verify: the DC certificate is not checked; anyone on the path can pose as the DC');
  const caFile = flags.caFile;
  const caPem = caFile ? await readCa(caFile) : null;
  let password: string;
  if (flags.passwordFile !== undefined) password = await readSecretFile(flags.passwordFile);
  else if (ctx.env.KCDMESH_PASSWORD) password = ctx.env.KCDMESH_PASSWORD;
  else if (ctx.askPassword) password = await ctx.askPassword(`Password for ${user}:`);
  else throw new UsageError(`no password for ${user}`, 'set KCDMESH_PASSWORD or pass --password-file FILE (there is no terminal to ask on)');
  if (password === '') throw new UsageError(`empty password for ${user}`, 'an empty password is never accepted for a simple bind');
  return { ...base, user, password: new Secret(password), caPem, allowPlaintext: plaintext };
}
