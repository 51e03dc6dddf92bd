import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Attribute, Change } from 'ldapts';
import { dc, hostDn, withAdmin } from '../lab.js';

/**
 * Real Kerberos exchanges against the lab DC's KDC (MIT krb5-user client tools), to prove that the
 * msDS-AllowedToDelegateTo values and the protocol-transition flag kcdmesh writes are honoured.
 * Every file (keytabs, ccaches) lives in one temp directory; every child process is bounded.
 */

const HERE = dirname(fileURLToPath(import.meta.url));
const RAW_PROXY = join(HERE, 's4u-proxy-raw.py');
/** Debian's Python: `python3` on PATH may be another build that cannot load libkrb5.so.3. */
const PYTHON = '/usr/bin/python3';
const CHILD_TIMEOUT_MS = 20000;

/** The KDC's refusal of a delegation it does not allow (KDC_ERR_BADOPTION, 13). */
export const BADOPTION = "KDC can't fulfill requested option";

export interface Run {
  code: number;
  out: string;
}

function onPath(bin: string): boolean {
  for (const d of (process.env.PATH ?? '').split(delimiter)) {
    if (!d) continue;
    try {
      accessSync(join(d, bin), constants.X_OK);
      if (statSync(join(d, bin)).isFile()) return true;
    } catch {
      // not in this directory
    }
  }
  return false;
}

/**
 * Throw (so the test fails, never skips) unless kinit, kvno, ktutil and a Python that can load
 * libkrb5 are present.
 */
export function requireKerberosTools(): void {
  const missing = ['kinit', 'kvno', 'ktutil'].filter((b) => !onPath(b));
  if (missing.length) {
    throw new Error(`the KDC proof needs ${missing.join(', ')} from the Debian package krb5-user, not found on PATH; run test/lab/install.sh as root (or apt-get install krb5-user)`);
  }
  if (!existsSync(PYTHON)) throw new Error(`the KDC proof needs ${PYTHON} (Debian's python3) for ${RAW_PROXY}`);
  const r = spawnSync(PYTHON, ['-c', 'import ctypes; ctypes.CDLL("libkrb5.so.3")'], { encoding: 'utf8', timeout: CHILD_TIMEOUT_MS });
  if (r.status !== 0) throw new Error(`${PYTHON} cannot load libkrb5.so.3 (install krb5-user): ${r.error?.message ?? r.stderr.trim()}`);
}

/** A lab workspace: host passwords and keytabs, a user with ccaches, and the S4U checks. */
export class KdcLab {
  readonly dir = mkdtempSync(join(tmpdir(), 'kcdmesh-kdc-'));
  private readonly realm = dc().SAMBA_DC_REALM;
  private readonly env: Record<string, string>;

  constructor(private readonly user: string, private readonly userPassword: string) {
    const labDir = process.env.KCDMESH_LAB_DIR;
    if (!labDir) throw new Error('KCDMESH_LAB_DIR is not set: the lab DC was not started by globalSetup');
    const krb5 = join(labDir, 'krb5.conf');
    if (!existsSync(krb5)) throw new Error(`no ${krb5}: the lab DC did not write its krb5.conf`);
    // Nothing outside this directory: no default ccache, keytab or host krb5.conf; English messages.
    this.env = {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      LC_ALL: 'C',
      KRB5_CONFIG: krb5,
      KRB5CCNAME: `FILE:${join(this.dir, 'default.cc')}`,
      KRB5_KTNAME: `FILE:${join(this.dir, 'default.kt')}`,
      KRB5_CLIENT_KTNAME: `FILE:${join(this.dir, 'default-client.kt')}`,
      KRB5RCACHEDIR: this.dir,
    };
  }

  /** Run a Kerberos tool with this workspace's environment; a timeout or spawn error is a failure. */
  run(cmd: string, args: string[], input?: string): Run {
    const r = spawnSync(cmd, args, { cwd: this.dir, env: this.env, input, encoding: 'utf8', timeout: CHILD_TIMEOUT_MS, killSignal: 'SIGKILL' });
    if (r.error) return { code: -1, out: `${cmd} ${args.join(' ')}: ${r.error.message}` };
    return { code: r.status ?? -1, out: `${r.stdout}${r.stderr}`.trim() };
  }

  private must(what: string, r: Run): void {
    if (r.code !== 0) throw new Error(`${what} failed (exit ${r.code}): ${r.out}`);
  }

  cc(name: string): string {
    return `FILE:${join(this.dir, `${name}.cc`)}`;
  }

  keytab(host: string): string {
    return join(this.dir, `${host}.kt`);
  }

  /**
   * Give each computer a password (unicodePwd over LDAPS) and build its keytab from it: salt
   * REALM + "host" + lowercase FQDN, kvno = msDS-KeyVersionNumber. The arcfour entry matters:
   * a host without msDS-SupportedEncryptionTypes gets RC4 service tickets.
   */
  async addHosts(names: readonly string[]): Promise<void> {
    const { SAMBA_DC_DNSDOMAIN: domain } = dc();
    const kvnos = await withAdmin(async (c) => {
      const out = new Map<string, { password: string; kvno: number }>();
      for (const name of names) {
        const password = `Pw-${name}-${randomBytes(6).toString('hex')}-x1!`;
        const quoted = Buffer.from(`"${password}"`, 'utf16le');
        await c.modify(hostDn(name), [new Change({ operation: 'replace', modification: new Attribute({ type: 'unicodePwd', values: [quoted] }) })]);
        const { searchEntries } = await c.search(hostDn(name), { scope: 'base', attributes: ['msDS-KeyVersionNumber'] });
        const kvno = Number(searchEntries[0]?.['msDS-KeyVersionNumber']);
        if (!Number.isInteger(kvno) || kvno < 1) throw new Error(`no msDS-KeyVersionNumber on ${name} after setting its password`);
        out.set(name, { password, kvno });
      }
      return out;
    });
    for (const [name, { password, kvno }] of kvnos) {
      const principal = `${name}$@${this.realm}`;
      const salt = `${this.realm}host${name.toLowerCase()}.${domain}`;
      const lines = ['aes256-cts-hmac-sha1-96', 'aes128-cts-hmac-sha1-96', 'arcfour-hmac'].flatMap((e) => [
        `addent -password -p ${principal} -k ${kvno} -e ${e}${e.startsWith('aes') ? ` -s ${salt}` : ''}`,
        password,
      ]);
      rmSync(this.keytab(name), { force: true });
      const r = this.run('ktutil', [], [...lines, `wkt ${this.keytab(name)}`, 'quit', ''].join('\n'));
      if (r.code !== 0 || !existsSync(this.keytab(name))) throw new Error(`ktutil did not write the keytab of ${name} (exit ${r.code}): ${r.out}`);
    }
  }

  /** An ordinary domain user (deleted first if present), created over LDAPS. */
  async addUser(): Promise<void> {
    const dn = this.userDn();
    await withAdmin(async (c) => {
      await c.del(dn).catch(() => undefined);
      await c.add(dn, [
        new Attribute({ type: 'objectClass', values: ['user'] }),
        new Attribute({ type: 'sAMAccountName', values: [this.user] }),
        new Attribute({ type: 'userPrincipalName', values: [`${this.user}@${this.realm}`] }),
        new Attribute({ type: 'unicodePwd', values: [Buffer.from(`"${this.userPassword}"`, 'utf16le')] }),
        new Attribute({ type: 'userAccountControl', values: ['512'] }), // NORMAL_ACCOUNT, enabled
      ]);
    });
  }

  /**
   * The user's TGT (forwardable or not) in a ccache named after it, plus service tickets to the
   * given SPNs: the evidence tickets of the Kerberos-only path.
   */
  userTickets(ccName: string, forwardable: boolean, evidence: readonly string[]): void {
    this.must(`kinit ${this.user}`, this.run('kinit', [forwardable ? '-f' : '-F', '-c', this.cc(ccName), `${this.user}@${this.realm}`], `${this.userPassword}\n`));
    for (const spn of evidence) this.must(`kvno ${spn} for ${this.user}`, this.run('kvno', ['-q', '-c', this.cc(ccName), spn]));
  }

  /** A fresh forwardable TGT for the host from its keytab (S4U2Proxy needs a forwardable TGT). */
  hostTgt(host: string): void {
    this.must(`kinit ${host}$`, this.run('kinit', ['-f', '-k', '-t', this.keytab(host), '-c', this.cc(host), `${host}$@${this.realm}`]));
  }

  /** S4U2Self for the user, then S4U2Proxy to `target`, as `host` (the any-protocol path). */
  s4u(host: string, target: string, out: string): Run {
    rmSync(out.replace(/^FILE:/, ''), { force: true });
    return this.run('kvno', ['-c', this.cc(host), '-U', this.user, '-P', '--out-cache', out, target]);
  }

  /** S4U2Proxy to `target` as `host` with the user's ticket to `evidenceSpn` (the Kerberos-only path). */
  proxyWithEvidence(host: string, userCc: string, evidenceSpn: string, target: string, out: string): Run {
    rmSync(out.replace(/^FILE:/, ''), { force: true });
    return this.run(PYTHON, [RAW_PROXY, this.cc(host), this.cc(userCc), evidenceSpn, target, out]);
  }

  /** Whether the ticket for `target` in ccache `cc` decrypts with `host`'s long-term keys. */
  decrypts(cc: string, target: string, host: string): Run {
    return this.run('kvno', ['-c', cc, '--cached-only', '-k', this.keytab(host), target]);
  }

  /** Delete the user and the temp directory (KCDMESH_LAB_KEEP=1 keeps both, for a look). */
  async close(): Promise<void> {
    if (process.env.KCDMESH_LAB_KEEP) return;
    await withAdmin((c) => c.del(this.userDn()).catch(() => undefined));
    rmSync(this.dir, { recursive: true, force: true });
  }

  private userDn(): string {
    return `CN=${this.user},CN=Users,${dc().SAMBA_DC_BASE_DN}`;
  }
}
