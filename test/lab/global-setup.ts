// Jest loads this file outside its module mapper: it imports nothing relative.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const LAB = dirname(fileURLToPath(import.meta.url));
const REPLICATING = 'ldap cldap kdc rpc drepl kcc';

function portOpen(ip: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect({ host: ip, port });
    s.setTimeout(500);
    s.once('connect', () => { s.destroy(); resolve(true); });
    s.once('error', () => resolve(false));
    s.once('timeout', () => { s.destroy(); resolve(false); });
  });
}

/** The first loopback address from <net>.<first> on whose LDAP ports nothing listens. */
async function freeLoopback(net: string, first: number): Promise<string> {
  for (let i = first; i < Math.min(first + 40, 255); i++) {
    const ip = `${net}.${i}`;
    if (!(await portOpen(ip, 636)) && !(await portOpen(ip, 389))) return ip;
  }
  throw new Error(`no free loopback address in ${net}.${first}-${first + 39} for the lab DC`);
}

function lab(args: string[], env: Record<string, string> = {}): void {
  execFileSync('bash', [join(LAB, 'samba-dc.sh'), ...args], { stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, ...env } });
}

/** Another run may take the same free address between the check and the bind: try the next one. */
async function onFreeAddress(prefix: string, net: string, first: number, start: (dir: string, ip: string) => void): Promise<string> {
  for (let attempt = 0; ; attempt++) {
    const dir = mkdtempSync(join(tmpdir(), prefix));
    const ip = await freeLoopback(net, first);
    try {
      start(dir, ip);
      return dir;
    } catch (err) {
      try { lab(['stop', dir]); } catch { /* it never started */ }
      rmSync(dir, { recursive: true, force: true });
      // only a race for the address is worth another try: it is taken now, by another lab
      if (attempt >= 4 || !(await portOpen(ip, 636))) throw err;
      first = Number(ip.split('.')[3]) + 1;
    }
  }
}

/** This run's private hosts file, when private-hosts.sh made it this process's /etc/hosts. */
function privateHosts(): string | undefined {
  const f = process.env.KCDMESH_LAB_HOSTS;
  if (!f) return undefined;
  const a = statSync(f);
  const b = statSync('/etc/hosts');
  return a.ino === b.ino && a.dev === b.dev ? f : undefined;
}

/**
 * Start the run's lab: one throwaway Samba AD DC and, unless KCDMESH_LAB_DCS=1, a second DC joined
 * to it and replicating. Integration tests need them; if they cannot be started the run fails
 * here, loudly: tests are never skipped.
 */
export default async function globalSetup(): Promise<void> {
  execFileSync('bash', [join(LAB, 'install.sh')], { stdio: 'inherit' });
  const started = Date.now();
  const two = process.env.KCDMESH_LAB_DCS !== '1';
  const hosts = privateHosts();
  // Without the private /etc/hosts the DCs still find each other (DIR1/hosts in their own
  // namespaces); only this process cannot resolve dc2.lab.test, and the two-DC tests say so.
  const env: Record<string, string> = two ? { SAMBA_DC_SERVICES: REPLICATING, ...(hosts ? { SAMBA_DC_HOSTS_FILE: hosts } : {}) } : {};
  const dir = await onFreeAddress('kcdmesh-lab-', '127.0.0', 42, (d, ip) => lab(['start', d, ip], env));
  process.env.KCDMESH_LAB_DIR = dir;
  const users = JSON.parse(readFileSync(join(LAB, 'users.json'), 'utf8')) as Array<{ name: string; password: string; flags: string[] }>;
  for (const u of users) lab(['user', dir, u.name, u.password, ...u.flags]);
  // The delegated non-admin writer signs in from a keytab in the Kerberos tests (no password anywhere).
  lab(['keytab', dir, 'kcd-delegator', join(dir, 'kcd-delegator.keytab')]);
  const dc1Ready = Date.now();
  process.stderr.write(`lab DC ready in ${((dc1Ready - started) / 1000).toFixed(1)}s (${dir})\n`);
  if (!two) return;
  const ip1 = Number((JSON.parse(readFileSync(join(dir, 'dc.json'), 'utf8')) as { SAMBA_DC_IP: string }).SAMBA_DC_IP.split('.')[3]);
  // DC2 pairs with DC1 in 127.0.1.x: other runs scan 127.0.0.42 upward for their DC1 while the
  // join (15-40 s) leaves this address unbound, and one took it from under DC2 in a measured run
  const dir2 = await onFreeAddress('kcdmesh-lab-dc2-', '127.0.1', ip1, (d, ip) => lab(['join', d, ip, dir]));
  process.env.KCDMESH_LAB_DC2_DIR = dir2;
  process.stderr.write(`lab DC2 joined and replicating in ${((Date.now() - dc1Ready) / 1000).toFixed(1)}s (${dir2})\n`);
}
