import { UsageError } from '../errors.js';
import { readTextFile } from '../io/read-file.js';
import { DEFAULTS } from './options.js';
import { Secret } from './secret.js';

export interface Connection {
  url: string;
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
  user?: string;
  passwordFile?: string;
  caFile?: string;
  starttls?: boolean;
  insecurePlaintext?: boolean;
  insecureSkipVerify?: boolean;
  timeout?: number;
}

export interface ConnectionEnv {
  /** Read for KCDMESH_PASSWORD only: every other setting arrives resolved (config/resolve.ts). */
  env: NodeJS.ProcessEnv;
  /** Asks for the password on a terminal; null when there is none to ask on. */
  askPassword: ((prompt: string) => Promise<string>) | null;
  warn: (message: string) => void;
}

export function parseUrl(raw: string, starttls: boolean): string {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    throw new UsageError(`malformed URL ${JSON.stringify(raw)}`, 'give the DC as ldaps://dc1.example.com (or ldap://... with --starttls)');
  }
  if (u.protocol !== 'ldaps:' && u.protocol !== 'ldap:') {
    throw new UsageError(`unsupported URL scheme ${JSON.stringify(u.protocol)} in ${JSON.stringify(raw)}`, 'use ldaps://host (port 636) or ldap://host with --starttls');
  }
  if (!u.hostname) throw new UsageError(`no host in URL ${JSON.stringify(raw)}`, 'give the DC as ldaps://dc1.example.com');
  if ((u.pathname && u.pathname !== '/') || u.search || u.username || u.password) {
    throw new UsageError(`URL ${JSON.stringify(raw)} has more than scheme, host and port`, 'give only ldaps://host[:port]; the base DN comes from the DC, or from --search-base');
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

/** Complete the resolved connection settings with the password: its file, then KCDMESH_PASSWORD, then a prompt. Never a flag. */
export async function resolveConnection(flags: ConnectionFlags, ctx: ConnectionEnv): Promise<Connection> {
  const rawUrl = flags.url;
  if (!rawUrl) throw new UsageError('no domain controller given', 'pass --url ldaps://dc1.example.com or set KCDMESH_URL');
  const starttls = flags.starttls ?? false;
  const url = parseUrl(rawUrl, starttls);
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
  const seconds = flags.timeout ?? DEFAULTS.timeoutSeconds;
  return {
    url,
    user,
    password: new Secret(password),
    caPem,
    starttls,
    allowPlaintext: plaintext,
    tlsInsecure: flags.insecureSkipVerify ?? false,
    timeoutMs: Math.round(seconds * 1000),
  };
}
