import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Attribute, Change, Client, Control } from 'ldapts';
import type { Directory } from '../../src/directory/directory.js';
import { openLdapDirectory } from '../../src/directory/ldap-directory.js';
import { run, type Io } from '../../src/program.js';
import type { Prompts } from '../../src/ui/prompts.js';
import { LAB_DIR, readDc, type LabDc } from './dc.js';

export function dc(): LabDc {
  const dir = process.env.KCDMESH_LAB_DIR;
  if (!dir) throw new Error('KCDMESH_LAB_DIR is not set: the lab DC was not started by globalSetup');
  return readDc(dir);
}

export function ca(): string {
  return readFileSync(dc().SAMBA_DC_CA, 'utf8');
}

/** An administrator's LDAPS client; the caller closes it (see withAdmin). */
export async function withAdmin<T>(fn: (c: Client) => Promise<T>): Promise<T> {
  const d = dc();
  const client = new Client({ url: d.SAMBA_DC_URL, tlsOptions: { ca: [ca()] }, timeout: 20000 });
  try {
    await client.bind(d.SAMBA_DC_BIND_UPN, d.SAMBA_DC_PASSWORD);
    return await fn(client);
  } finally {
    await client.unbind().catch(() => undefined);
  }
}

export function hostDn(name: string, container = dc().SAMBA_DC_COMPUTERS_DN): string {
  return `CN=${name},${container}`;
}

/** An organizational unit directly under the domain, created if missing; returns its DN. */
export async function ensureOu(name: string): Promise<string> {
  const dn = `OU=${name},${dc().SAMBA_DC_BASE_DN}`;
  await withAdmin((c) => c.add(dn, { objectClass: 'organizationalUnit' }).catch(() => undefined));
  return dn;
}

export function fqdnOf(name: string): string {
  return `${name.toLowerCase()}.${dc().SAMBA_DC_DNSDOMAIN}`;
}

export interface HostSpec {
  /** Register the Hyper-V SPNs (default true). */
  hyperV?: boolean;
  uac?: number;
  values?: string[];
  fqdn?: string | null;
  /** Exactly these SPNs instead of the Hyper-V set (SPNs are unique domain-wide). */
  spns?: string[];
  /** Container DN (default CN=Computers). */
  container?: string;
  /** operatingSystem and operatingSystemVersion, as a joined Windows host writes them. */
  os?: [string, string];
}

/** Create computer objects as a joined Hyper-V host looks; an existing one is deleted first. */
export async function createHosts(names: readonly string[], spec: HostSpec = {}): Promise<void> {
  await withAdmin(async (c) => {
    for (const name of names) {
      await c.del(hostDn(name)).catch(() => undefined);
      await c.del(hostDn(name, spec.container)).catch(() => undefined);
      const fqdn = spec.fqdn === undefined ? fqdnOf(name) : spec.fqdn;
      const forms = fqdn ? [name, fqdn] : [name];
      const classes = spec.hyperV === false ? ['HOST', 'RestrictedKrbHost'] : ['HOST', 'RestrictedKrbHost', 'Microsoft Virtual System Migration Service', 'Microsoft Virtual Console Service'];
      const attrs: Record<string, string | string[]> = {
        objectClass: 'computer',
        sAMAccountName: `${name}$`,
        userAccountControl: String(spec.uac ?? 4096),
      };
      const spns = spec.spns ?? classes.flatMap((cl) => forms.map((f) => `${cl}/${f}`));
      if (spns.length) attrs.servicePrincipalName = spns;
      if (fqdn) attrs.dNSHostName = fqdn;
      if (spec.values?.length) attrs['msDS-AllowedToDelegateTo'] = spec.values;
      if (spec.os) [attrs.operatingSystem, attrs.operatingSystemVersion] = spec.os;
      await c.add(hostDn(name, spec.container), attrs);
    }
  });
}

export async function deleteHosts(names: readonly string[]): Promise<void> {
  await withAdmin(async (c) => {
    for (const n of names) await c.del(hostDn(n)).catch(() => undefined);
  });
}

export interface HostState {
  values: string[];
  uac: number;
}

export async function readHost(name: string, container?: string): Promise<HostState> {
  return withAdmin(async (c) => {
    const { searchEntries } = await c.search(hostDn(name, container), { scope: 'base', attributes: ['msDS-AllowedToDelegateTo', 'userAccountControl'] });
    const e = searchEntries[0];
    const v = e['msDS-AllowedToDelegateTo'];
    return { values: v === undefined ? [] : (Array.isArray(v) ? v : [v]).map(String), uac: Number(e.userAccountControl) };
  });
}

/** Add or delete values behind kcdmesh's back (another admin, ADUC). */
export async function modifyValues(name: string, op: 'add' | 'delete', values: string[]): Promise<void> {
  await withAdmin((c) => c.modify(hostDn(name), [new Change({ operation: op, modification: new Attribute({ type: 'msDS-AllowedToDelegateTo', values }) })], new Control('1.2.840.113556.1.4.1413')));
}

export async function setUac(name: string, uac: number): Promise<void> {
  await withAdmin((c) => c.modify(hostDn(name), [new Change({ operation: 'replace', modification: new Attribute({ type: 'userAccountControl', values: [String(uac)] }) })]));
}

/** Every computer's delegation values and UAC, for "nothing was written" assertions. */
export async function fingerprint(): Promise<string> {
  return withAdmin(async (c) => {
    const { searchEntries } = await c.search(dc().SAMBA_DC_BASE_DN, {
      filter: '(objectClass=computer)',
      attributes: ['msDS-AllowedToDelegateTo', 'userAccountControl'],
      paged: { pageSize: 500 },
    });
    return JSON.stringify(
      searchEntries
        .map((e) => [e.dn, e.userAccountControl, [e['msDS-AllowedToDelegateTo'] ?? []].flat().map(String).sort()])
        .sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
    );
  });
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  env?: Record<string, string | undefined>;
  tty?: boolean;
  prompts?: Partial<Prompts>;
  /** Wrap the real LDAP directory, to inject faults or another writer at a chosen moment. */
  wrap?: (dir: Directory, url: string) => Directory;
  /** Reach a URL kcdmesh asks for at another URL (a second DC name that nothing resolves here). */
  urlMap?: Record<string, string>;
}

/** Where this test file's backups and change log go (a fresh directory per test file). */
export const BACKUP_DIR = mkdtempSync(join(tmpdir(), 'kcdmesh-backups-'));

/** Environment that points kcdmesh at the lab DC as its administrator. */
export function adminEnv(): Record<string, string> {
  const d = dc();
  return {
    KCDMESH_URL: d.SAMBA_DC_URL,
    KCDMESH_USER: d.SAMBA_DC_BIND_UPN,
    KCDMESH_PASSWORD: d.SAMBA_DC_PASSWORD,
    KCDMESH_CA_FILE: d.SAMBA_DC_CA,
    KCDMESH_BACKUP_DIR: BACKUP_DIR,
  };
}

/** Run kcdmesh in-process against the lab DC. */
export async function cli(args: string[], opts: CliOptions = {}): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const tty = opts.tty ?? false;
  const io: Io = {
    stdout: { write: (s) => { stdout += s; }, isTTY: false },
    stderr: { write: (s) => { stderr += s; }, isTTY: tty },
    stdinIsTTY: tty,
    env: { ...adminEnv(), ...opts.env },
    openDirectory: async (conn, log) => {
      const dir = await openLdapDirectory({ ...conn, url: opts.urlMap?.[conn.url] ?? conn.url }, log);
      return opts.wrap ? opts.wrap(dir, conn.url) : dir;
    },
    prompts: {
      password: opts.prompts?.password ?? (() => Promise.reject(new Error('unexpected password prompt'))),
      confirm: opts.prompts?.confirm ?? (() => Promise.reject(new Error('unexpected confirmation prompt'))),
      choose: opts.prompts?.choose ?? (() => Promise.reject(new Error('unexpected checklist prompt'))),
    },
  };
  const code = await run(args, io);
  return { code, stdout, stderr };
}

const CLI = join(LAB_DIR, '..', '..', 'dist', 'cli.js');

/** Run the built binary as a user would (no terminal): for argv, exit code and stream checks. */
export function spawnCli(args: string[], env: Record<string, string | undefined> = {}): CliResult {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH, ...adminEnv(), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 60000,
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** A directory that behaves like `inner` but calls `before`/`after` around each host modify. */
export function hookModifies(
  inner: Directory,
  hooks: { before?: (n: number, dn: string) => Promise<void>; after?: (n: number, dn: string) => Promise<void> },
): Directory {
  let n = 0;
  return {
    get root() { return inner.root; },
    get url() { return inner.url; },
    get user() { return inner.user; },
    get stats() { return inner.stats; },
    findHosts: (names, base) => inner.findHosts(names, base),
    discoverHosts: (base) => inner.discoverHosts(base),
    discoverByRules: (base, rules) => inner.discoverByRules(base, rules),
    findDelegatingTo: (values, base) => inner.findDelegatingTo(values, base),
    findNameHolders: (names, classes, base) => inner.findNameHolders(names, classes, base),
    readDomainControllers: () => inner.readDomainControllers(),
    readWritableDcs: () => inner.readWritableDcs(),
    readPdcHostName: () => inner.readPdcHostName(),
    readSpnMappings: () => inner.readSpnMappings(),
    readOperators: (names) => inner.readOperators(names),
    close: () => inner.close(),
    async modifyHost(change) {
      const i = ++n;
      await hooks.before?.(i, change.dn);
      await inner.modifyHost(change);
      await hooks.after?.(i, change.dn);
    },
  };
}

/** Stop the lab DC (SIGTERM to its pid, as samba-dc.sh does) and wait until it is gone. */
export function stopDc(): void {
  execFileSync('bash', [join(LAB_DIR, 'samba-dc.sh'), 'stop', dc().SAMBA_DC_DIR], { stdio: 'ignore', timeout: 60000 });
}

export function startDc(): void {
  execFileSync('bash', [join(LAB_DIR, 'samba-dc.sh'), 'start', dc().SAMBA_DC_DIR], { stdio: 'ignore', timeout: 90000 });
}

/** The backup a writing command announced on stderr. */
export function backupOf(r: CliResult): string {
  const file = /kcdmesh: backup: (\S+)/.exec(r.stderr)?.[1];
  if (!file) throw new Error(`no backup announced in: ${r.stderr}`);
  return file;
}
