import { execFile } from 'node:child_process';
import { lookup } from 'node:dns/promises';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'ldapts';
import { LAB_DIR, readDc, type LabDc } from './dc.js';

/**
 * The run's two replicating DCs (test/lab/global-setup.ts joins DC2 to the lab DC once per run).
 * DC1 is the lab DC every other test uses; DC2 holds a full writable copy of the same domain.
 * Test files that pause replication or stop DC2 put it back in afterAll (restoreTwoDcLab).
 */
export type DcName = 'dc1' | 'dc2';

export interface TwoDcLab {
  dc1: LabDc;
  dc2: LabDc;
}

function dirOf(name: DcName): string {
  const dir = name === 'dc1' ? process.env.KCDMESH_LAB_DIR : process.env.KCDMESH_LAB_DC2_DIR;
  if (dir) return dir;
  throw new Error(
    name === 'dc1'
      ? 'KCDMESH_LAB_DIR is not set: the lab DC was not started by globalSetup'
      : 'KCDMESH_LAB_DC2_DIR is not set: the lab runs one DC (KCDMESH_LAB_DCS=1?); unset KCDMESH_LAB_DCS to join DC2',
  );
}

export function labDc(name: DcName): LabDc {
  return readDc(dirOf(name));
}

/** ldaps://<dNSHostName>: how kcdmesh reaches a DC it found in the directory. */
export function nameUrl(name: DcName): string {
  return `ldaps://${labDc(name).SAMBA_DC_FQDN.toLowerCase()}`;
}

/**
 * Both DCs, once it is checked that this process resolves their dNSHostNames to their addresses:
 * that needs the run's private /etc/hosts (test/lab/private-hosts.sh, which `npm test` uses).
 */
export async function twoDcLab(): Promise<TwoDcLab> {
  const lab = { dc1: labDc('dc1'), dc2: labDc('dc2') };
  for (const d of [lab.dc1, lab.dc2]) {
    const fqdn = d.SAMBA_DC_FQDN.toLowerCase();
    const got = await lookup(fqdn, { family: 4 }).then((a) => a.address, () => 'nothing');
    if (got !== d.SAMBA_DC_IP) {
      throw new Error(
        `${fqdn} resolves to ${got}, not to the lab's ${d.SAMBA_DC_IP}: run jest through test/lab/private-hosts.sh ` +
          '(npm test and npm run jest do), which gives the run a private /etc/hosts that the lab fills in',
      );
    }
  }
  return lab;
}

const run = promisify(execFile);

async function samba(args: string[]): Promise<void> {
  await run('bash', [join(LAB_DIR, 'samba-dc.sh'), ...args], { timeout: 120000 });
}

/** Stop the DC's inbound replication (DISABLE_INBOUND_REPL); what it sends out still flows. */
export function pauseInbound(dc: DcName): Promise<void> {
  return samba(['repl', dirOf(dc), 'off']);
}

/** Allow inbound replication again; this does not pull by itself (see replicate). */
export function resumeInbound(dc: DcName): Promise<void> {
  return samba(['repl', dirOf(dc), 'on']);
}

/** Pull the domain partition now from `from` into `to` (forced: also while `to`'s inbound is paused). */
export function replicate(from: DcName, to: DcName): Promise<void> {
  return samba(['repl', dirOf(to), 'sync', dirOf(from)]);
}

/** Stop DC2 by its pid: kcdmesh then meets a DC it cannot reach (its name still resolves). */
export function stopDc2(): Promise<void> {
  return samba(['stop', dirOf('dc2')]);
}

/** Start DC2 again (same directory, address and certificate); a no-op when it runs. */
export function startDc2(): Promise<void> {
  return samba(['start', dirOf('dc2')]);
}

/** Put the lab back as a test file found it: DC2 running, both DCs replicating, and in step. */
export async function restoreTwoDcLab(): Promise<void> {
  await startDc2();
  await resumeInbound('dc1');
  await resumeInbound('dc2');
  await replicate('dc1', 'dc2');
  await replicate('dc2', 'dc1');
}

/** An administrator's LDAPS client on one DC (by address, or by name with byName), verified with the lab CA. */
export async function withAdminOn<T>(dc: DcName, fn: (c: Client) => Promise<T>, byName = false): Promise<T> {
  const d = labDc(dc);
  const client = new Client({
    url: byName ? nameUrl(dc) : d.SAMBA_DC_URL,
    tlsOptions: { ca: [readFileSync(d.SAMBA_DC_CA, 'utf8')] },
    timeout: 20000,
    connectTimeout: 10000,
  });
  try {
    await client.bind(d.SAMBA_DC_BIND_UPN, d.SAMBA_DC_PASSWORD);
    return await fn(client);
  } finally {
    await client.unbind().catch(() => undefined);
  }
}

/** kcdmesh's environment pointed at one DC (by address; the CA verifies both DCs). */
export function envOn(dc: DcName): Record<string, string> {
  const d = labDc(dc);
  return { KCDMESH_URL: d.SAMBA_DC_URL, KCDMESH_USER: d.SAMBA_DC_BIND_UPN, KCDMESH_PASSWORD: d.SAMBA_DC_PASSWORD, KCDMESH_CA_FILE: d.SAMBA_DC_CA };
}
