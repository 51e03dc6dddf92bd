// Jest loads this file outside its module mapper: it imports nothing relative.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const LAB = dirname(fileURLToPath(import.meta.url));

function portOpen(ip: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect({ host: ip, port });
    s.setTimeout(500);
    s.once('connect', () => { s.destroy(); resolve(true); });
    s.once('error', () => resolve(false));
    s.once('timeout', () => { s.destroy(); resolve(false); });
  });
}

/** The first loopback address from 127.0.0.<first> on whose LDAP ports nothing listens. */
async function freeLoopback(first: number): Promise<string> {
  for (let i = first; i < first + 40; i++) {
    const ip = `127.0.0.${i}`;
    if (!(await portOpen(ip, 636)) && !(await portOpen(ip, 389))) return ip;
  }
  throw new Error(`no free loopback address in 127.0.0.${first}-${first + 39} for the lab DC`);
}

function lab(args: string[]): void {
  execFileSync('bash', [join(LAB, 'samba-dc.sh'), ...args], { stdio: ['ignore', 'ignore', 'inherit'] });
}

/**
 * Start one throwaway Samba AD DC for the whole run. Integration tests need it; if it cannot be
 * started the run fails here, loudly: they are never skipped.
 */
export default async function globalSetup(): Promise<void> {
  execFileSync('bash', [join(LAB, 'install.sh')], { stdio: 'inherit' });
  const started = Date.now();
  // Another run may take the same free address between the check and the bind: try the next one.
  let dir = '';
  for (let attempt = 0, first = 42; ; attempt++) {
    dir = mkdtempSync(join(tmpdir(), 'kcdmesh-lab-'));
    const ip = await freeLoopback(first);
    try {
      lab(['start', dir, ip]);
      break;
    } catch (err) {
      rmSync(dir, { recursive: true, force: true });
      if (attempt >= 4) throw err;
      first = Number(ip.split('.')[3]) + 1;
    }
  }
  const users = JSON.parse(readFileSync(join(LAB, 'users.json'), 'utf8')) as Array<{ name: string; password: string; flags: string[] }>;
  for (const u of users) lab(['user', dir, u.name, u.password, ...u.flags]);
  // The delegated non-admin writer signs in from a keytab in the Kerberos tests (no password anywhere).
  lab(['keytab', dir, 'kcd-delegator', join(dir, 'kcd-delegator.keytab')]);
  process.env.KCDMESH_LAB_DIR = dir;
  process.stderr.write(`lab DC ready in ${((Date.now() - started) / 1000).toFixed(1)}s (${dir})\n`);
}
