import { createHash, randomBytes } from 'node:crypto';
import { mkdir, open, readFile, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { dnKey, hostChanges } from '../core/keys.js';
import type { HostRecord, Plan } from '../core/types.js';
import { KcdmeshError, UsageError } from '../errors.js';
import { fsReason } from '../render/fs-reason.js';

export const BACKUP_KIND = 'kcdmesh-backup';
export const BACKUP_FORMAT = 1;

/** What a host held before kcdmesh wrote to it. */
export interface PriorHost {
  dn: string;
  name: string;
  delegateTo: string[];
  userAccountControl: number;
}

/** Everything needed to undo one run: where, who, when, the plan, and each touched host's prior state. */
export interface Backup {
  kind: typeof BACKUP_KIND;
  formatVersion: typeof BACKUP_FORMAT;
  command: string;
  createdAt: string;
  kcdmeshVersion: string;
  dc: { url: string; dnsHostName: string };
  baseDn: string;
  bindIdentity: string;
  plan: Plan;
  hosts: PriorHost[];
}

/** The hosts a plan touches, as they are now. */
export function priorHosts(plan: Plan, hosts: readonly HostRecord[]): PriorHost[] {
  const changing = new Set(plan.hosts.filter(hostChanges).map(dnKey));
  return hosts
    .filter((h) => changing.has(dnKey(h)))
    .map((h) => ({ dn: h.dn, name: h.name, delegateTo: [...h.delegateTo], userAccountControl: h.userAccountControl }));
}

function checksum(body: string): string {
  return createHash('sha256').update(body).digest('hex');
}

/** A backup on disk: its body as JSON, then a line with the body's SHA-256 (catches truncation and hand edits). */
export function serialiseBackup(b: Backup): string {
  // Compact, and without plan.edges (rollback reads only the hosts' changes): 22 MB -> 9 MB at 250 hosts.
  const body = JSON.stringify({ ...b, plan: { ...b.plan, edges: [] } });
  return `${body}\n${JSON.stringify({ sha256: checksum(body) })}\n`;
}

/**
 * Write the backup and flush it to disk before the caller sends any modify. Any failure is
 * reported as an error that stops the run with nothing written to the directory.
 */
export async function writeBackup(dir: string, b: Backup): Promise<string> {
  const stamp = b.createdAt.replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  const file = join(dir, `kcdmesh-${b.command}-${stamp}-${randomBytes(3).toString('hex')}.json`);
  try {
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const fh = await open(file, 'wx', 0o600);
    try {
      await fh.writeFile(serialiseBackup(b));
      await fh.sync();
    } finally {
      await fh.close();
    }
  } catch (err) {
    throw new KcdmeshError(`cannot write the backup in ${dir} (${fsReason(err)}); nothing was written to the directory`, 'give a writable directory with --backup-dir');
  }
  return file;
}

function corrupt(file: string, why: string): UsageError {
  return new UsageError(`${file} is not a usable kcdmesh backup: ${why}`, 'give the backup file apply printed (kcdmesh-backups/kcdmesh-apply-*.json), unmodified');
}

/** Read and check a backup: format, checksum, and the shape rollback relies on. */
export async function loadBackup(file: string): Promise<Backup> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new UsageError(`cannot read backup ${file} (${fsReason(err)})`, 'give the path of a backup file apply wrote');
  }
  const cut = text.lastIndexOf('\n{"sha256":');
  if (cut < 0) throw corrupt(file, 'no checksum line (truncated?)');
  const body = text.slice(0, cut);
  let sum: unknown;
  try {
    sum = (JSON.parse(text.slice(cut + 1)) as { sha256?: unknown }).sha256;
  } catch {
    throw corrupt(file, 'damaged checksum line');
  }
  if (sum !== checksum(body)) throw corrupt(file, 'checksum mismatch (changed or damaged since it was written)');
  let b: Backup;
  try {
    b = JSON.parse(body) as Backup;
  } catch {
    throw corrupt(file, 'not JSON');
  }
  if (b.kind !== BACKUP_KIND) throw corrupt(file, `kind is ${JSON.stringify(b.kind)}`);
  if (b.formatVersion !== BACKUP_FORMAT) throw corrupt(file, `format version ${String(b.formatVersion)} is not supported by this kcdmesh`);
  const hostsOk = Array.isArray(b.hosts) && b.hosts.every((h) => typeof h.dn === 'string' && typeof h.name === 'string' && Array.isArray(h.delegateTo) && Number.isInteger(h.userAccountControl));
  if (!hostsOk || typeof b.baseDn !== 'string' || !b.plan || !Array.isArray(b.plan.hosts)) throw corrupt(file, 'missing fields');
  return b;
}

/** Beside a backup: which hosts that run actually wrote, so rollback touches only those. */
export function writtenRecordPath(backupFile: string): string {
  return backupFile.replace(/\.json$/, '') + '.written.json';
}

export async function recordWritten(backupFile: string, writtenDns: readonly string[]): Promise<void> {
  await writeFile(writtenRecordPath(backupFile), `${JSON.stringify({ backup: basename(backupFile), written: writtenDns })}\n`, { mode: 0o600 });
}

/** The hosts the run wrote, or null when no record exists (the run stopped before it could write one). */
export async function loadWritten(backupFile: string): Promise<Set<string> | null> {
  let text: string;
  try {
    text = await readFile(writtenRecordPath(backupFile), 'utf8');
  } catch {
    return null;
  }
  try {
    const doc = JSON.parse(text) as { written?: unknown };
    if (!Array.isArray(doc.written)) return null;
    return new Set(doc.written.map((d) => dnKey(String(d))));
  } catch {
    return null;
  }
}
