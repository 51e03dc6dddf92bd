import { KcdmeshError } from '../../errors.js';

/** The part of the optional `kerberos` package (mongodb-js, GSSAPI on Unix, SSPI on Windows) kcdmesh uses. */
export interface KerberosClient {
  username: string;
  contextComplete: boolean;
  step(challenge: string): Promise<string>;
  wrap(data: string, options?: { user?: string; protect?: boolean }): Promise<string>;
  unwrap(data: string): Promise<string>;
}

export interface KerberosModule {
  GSS_MECH_OID_KRB5: number;
  GSS_C_MUTUAL_FLAG: number;
  GSS_C_SEQUENCE_FLAG: number;
  GSS_C_CONF_FLAG: number;
  GSS_C_INTEG_FLAG: number;
  /** The GSS flags option is `flags` (the package's own typings call it gssFlag, which it ignores). */
  initializeClient(service: string, options?: { mechOID?: number; flags?: number }): Promise<KerberosClient>;
}

export const INSTALL_HINT =
  "build it: apt-get install libkrb5-dev build-essential python3 (Debian/Ubuntu), then run npm ci in kcdmesh's folder, which builds the module from its patched source";

/**
 * Load the binding only when Kerberos is asked for: a simple-bind user never needs it built.
 * `load` is injectable so the "module missing" path is testable.
 */
export async function loadKerberos(load: () => Promise<unknown> = () => import('kerberos')): Promise<KerberosModule> {
  let mod: unknown;
  try {
    mod = await load();
  } catch (err) {
    const reason = err instanceof Error ? err.message.split('\n')[0] : String(err);
    throw new KcdmeshError(`--auth kerberos needs the optional module "kerberos", which is not available (${reason})`, INSTALL_HINT);
  }
  // A CommonJS package: its exports are on `default` when imported from ESM.
  const m = ((mod as { default?: unknown }).default ?? mod) as Partial<KerberosModule>;
  if (typeof m.initializeClient !== 'function') {
    throw new KcdmeshError('--auth kerberos needs the optional module "kerberos", but what was loaded has no initializeClient', INSTALL_HINT);
  }
  return m as KerberosModule;
}
