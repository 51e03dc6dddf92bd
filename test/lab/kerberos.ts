import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LAB_DIR } from './dc.js';
import { BACKUP_DIR, dc, type CliResult } from './lab.js';

/** Kerberos workspace of one test file: credential caches, keytabs and krb5.conf variants. */
export const KRB_DIR = mkdtempSync(join(tmpdir(), 'kcdmesh-krb-'));

export function labKrb5Config(): string {
  return dc().SAMBA_DC_DIR + '/krb5.conf';
}

/** A fresh ccache holding only the TGT of `principal`, from its password on stdin (never in argv). */
export function kinitPassword(name: string, principal: string, password: string, extra: string[] = []): string {
  const cc = `FILE:${join(KRB_DIR, `${name}.cc`)}`;
  execFileSync('kinit', [...extra, principal], { input: `${password}\n`, env: { PATH: process.env.PATH, KRB5_CONFIG: labKrb5Config(), KRB5CCNAME: cc }, stdio: ['pipe', 'ignore', 'pipe'], timeout: 20000 });
  return cc;
}

/** A fresh ccache for `principal` from a keytab (kinit -k). */
export function kinitKeytab(name: string, principal: string, keytab: string): string {
  const cc = `FILE:${join(KRB_DIR, `${name}.cc`)}`;
  execFileSync('kinit', ['-k', '-t', keytab, principal], { env: { PATH: process.env.PATH, KRB5_CONFIG: labKrb5Config(), KRB5CCNAME: cc }, stdio: ['ignore', 'ignore', 'pipe'], timeout: 20000 });
  return cc;
}

export function exportKeytab(user: string): string {
  const file = join(KRB_DIR, `${user}.keytab`);
  execFileSync('bash', [join(LAB_DIR, 'samba-dc.sh'), 'keytab', dc().SAMBA_DC_DIR, user, file], { stdio: ['ignore', 'ignore', 'pipe'], timeout: 60000 });
  return file;
}

/** A krb5.conf like the lab's with one change: for the unknown-realm and unreachable-KDC cases. */
export function krb5Variant(name: string, edit: (text: string) => string): string {
  const file = join(KRB_DIR, `${name}.conf`);
  writeFileSync(file, edit(readFileSync(labKrb5Config(), 'utf8')));
  return file;
}

const CLI = join(LAB_DIR, '..', '..', 'dist', 'cli.js');

/**
 * Run the built kcdmesh as a user with a Kerberos ticket would: no KCDMESH_USER, no password and no
 * CA anywhere in its environment; only the Kerberos variables given.
 */
export function krbCli(args: string[], env: Record<string, string>): CliResult {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', KRB5_CONFIG: labKrb5Config(), KCDMESH_BACKUP_DIR: BACKUP_DIR, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 90000,
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** tcpdump on loopback for the DC's plain LDAP port; resolves once it listens. */
export async function startCapture(file: string): Promise<ChildProcess> {
  const p = spawn('tcpdump', ['-i', 'lo', '--immediate-mode', '-U', '-w', file, 'host', dc().SAMBA_DC_IP, 'and', 'port', '389'], { stdio: ['ignore', 'ignore', 'pipe'] });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('tcpdump did not start listening within 10 s')), 10000);
    let err = '';
    p.stderr?.on('data', (d: Buffer) => {
      err += d.toString();
      if (/listening on/.test(err)) { clearTimeout(timer); resolve(); }
    });
    p.once('exit', (code) => { clearTimeout(timer); reject(new Error(`tcpdump exited (${code}): ${err.trim()} (install tcpdump: test/lab/install.sh)`)); });
  });
  return p;
}

export async function stopCapture(p: ChildProcess): Promise<void> {
  if (p.exitCode !== null) return;
  const done = new Promise((resolve) => p.once('exit', resolve));
  p.kill('SIGINT');
  await done;
}

export function setStrongAuth(value: 'yes' | 'allow_sasl_over_tls'): void {
  execFileSync('bash', [join(LAB_DIR, 'samba-dc.sh'), 'strong-auth', dc().SAMBA_DC_DIR, value], { stdio: ['ignore', 'ignore', 'pipe'], timeout: 120000 });
}

export function spn(op: 'add' | 'delete', name: string): void {
  const d = dc();
  const smb = `${d.SAMBA_DC_DIR}/etc/smb.conf`;
  execFileSync('samba-tool', ['spn', op, name, ...(op === 'add' ? ['DC1$'] : []), '-H', `${d.SAMBA_DC_DIR}/private/sam.ldb`, '-s', smb], { stdio: ['ignore', 'ignore', 'pipe'], timeout: 30000 });
}
