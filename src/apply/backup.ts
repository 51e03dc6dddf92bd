import { createHash, randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createExclusive } from '../io/write-file.js';
import { readTextFile } from '../io/read-file.js';
import { join } from 'node:path';
import { sealer, sealProblem, type Trailer } from '../core/backup-seal.js';
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

const isRecord = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

/** An object as compact JSON, with some members given in pieces by `big` (null: as one piece). */
function* objectPieces(obj: Record<string, unknown>, big: (key: string, value: unknown) => Iterable<string> | null): Generator<string> {
  let sep = '{';
  for (const [k, v] of Object.entries(obj)) {
    if (v === undefined || typeof v === 'function') continue;
    yield `${sep}${JSON.stringify(k)}:`;
    sep = ',';
    const pieces = big(k, v);
    if (pieces) yield* pieces;
    else yield JSON.stringify(v);
  }
  yield sep === '{' ? '{}' : '}';
}

function* arrayPieces(items: readonly unknown[], each: (item: unknown) => unknown): Generator<string> {
  let sep = '[';
  for (const item of items) {
    yield `${sep}${JSON.stringify(each(item)) ?? 'null'}`;
    sep = ',';
  }
  yield sep === '[' ? '[]' : ']';
}

/**
 * The body as compact JSON, one piece per planned host, never one string of the whole. Without the
 * plan's edges (N^2), each host's planned values (the structure of `add`, one object per value) and the
 * values it holds that are not kcdmesh's (a part of `current`): rollback reads only the values
 * themselves. 37 MB -> 9 MB at 250 hosts from empty.
 */
export function* backupBody(b: Backup): Generator<string> {
  yield* objectPieces(b as unknown as Record<string, unknown>, (key, plan) => {
    if (key !== 'plan' || !isRecord(plan)) return null;
    return objectPieces(withoutEdges(plan), (k, hosts) =>
      k === 'hosts' && Array.isArray(hosts) ? arrayPieces(hosts, (h) => (isRecord(h) && 'planned' in h ? { ...h, planned: [], unmanaged: [] } : h)) : null);
  });
}

/** The plan's fields in order, without its edges (none, and none counted): a mesh's are not made to be dropped (a spread reads them). */
function withoutEdges(plan: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.keys(plan).map((k) => [k, k === 'edges' ? [] : k === 'pairCount' ? 0 : plan[k]]));
}

/** Pieces joined into chunks of about this many bytes: few writes, and no copy of the whole. */
const CHUNK = 256 * 1024;

/**
 * A backup on disk, as bytes in chunks: its body as JSON, then a trailer line with the body's SHA-256
 * (catches damage; anyone can recompute it) and, with a key, its HMAC seal (only whoever reads the key
 * can make it). Both are computed over the chunks as they go by: one pass, no second serialisation.
 */
export function* backupBytes(b: Backup, key: Uint8Array | null = null): Generator<Buffer> {
  const sum = createHash('sha256');
  const seal = key ? sealer(key) : null;
  const out = (text: string): Buffer => {
    const bytes = Buffer.from(text, 'utf8');
    sum.update(bytes);
    seal?.update(bytes);
    return bytes;
  };
  let pending: string[] = [];
  let size = 0;
  for (const piece of backupBody(b)) {
    pending.push(piece);
    size += piece.length;
    if (size >= CHUNK) {
      yield out(pending.join(''));
      pending = [];
      size = 0;
    }
  }
  if (pending.length) yield out(pending.join(''));
  yield Buffer.from(`\n${JSON.stringify({ sha256: sum.digest('hex'), ...(seal ? { hmacSha256: seal.digest('hex') } : {}) })}\n`, 'utf8');
}

/** The whole backup as one string (the same bytes writeBackup writes). */
export function serialiseBackup(b: Backup, key: Uint8Array | null = null): string {
  return Buffer.concat([...backupBytes(b, key)]).toString('utf8');
}

/**
 * Write the backup and flush it to disk before the caller sends any modify. Any failure is
 * reported as an error that stops the run with nothing written to the directory.
 */
export async function writeBackup(dir: string, b: Backup, key: Uint8Array | null = null): Promise<string> {
  const stamp = b.createdAt.replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  const file = join(dir, `kcdmesh-${b.command}-${stamp}-${randomBytes(3).toString('hex')}.json`);
  try {
    // Created by kcdmesh (O_EXCL, 0600, no link followed), flushed with its directory, in a directory only we can write.
    await createExclusive(file, backupBytes(b, key), 'backup');
  } catch (err) {
    const e = err as KcdmeshError;
    const general = 'give a writable directory with --backup-dir that only you can write';
    throw new KcdmeshError(`${e instanceof KcdmeshError ? e.message : `cannot write the backup in ${dir} (${fsReason(err)})`}; nothing was written to the directory`, e instanceof KcdmeshError && e.hint ? e.hint : general);
  }
  return file;
}

function corrupt(file: string, why: string): UsageError {
  return new UsageError(`${file} is not a usable kcdmesh backup: ${why}`, 'give the backup file apply printed (kcdmesh-backups/kcdmesh-apply-*.json), unmodified');
}

/** Read and check a backup: format, checksum, seal (with a key, or a sealed backup without one), and the shape rollback relies on. */
export async function loadBackup(file: string, key: Uint8Array | null = null): Promise<Backup> {
  const text = await readTextFile(file, 'backup');
  const cut = text.lastIndexOf('\n{"sha256":');
  if (cut < 0) throw corrupt(file, 'no checksum line (truncated?)');
  const body = text.slice(0, cut);
  let trailer: Trailer;
  try {
    trailer = JSON.parse(text.slice(cut + 1)) as Trailer;
  } catch {
    throw corrupt(file, 'damaged checksum line');
  }
  if (trailer.sha256 !== checksum(body)) throw corrupt(file, 'checksum mismatch (changed or damaged since it was written)');
  const seal = sealProblem(body, trailer, key);
  if (seal) throw corrupt(file, seal);
  let b: Backup;
  try {
    b = JSON.parse(body) as Backup;
  } catch {
    throw corrupt(file, 'not JSON');
  }
  if (typeof b !== 'object' || b === null || Array.isArray(b)) throw corrupt(file, 'not a backup document');
  if (b.kind !== BACKUP_KIND) throw corrupt(file, `kind is ${JSON.stringify(b.kind)}`);
  if (typeof b.formatVersion !== 'number') throw corrupt(file, 'formatVersion is not a number');
  if (b.formatVersion !== BACKUP_FORMAT) throw corrupt(file, `format version ${String(b.formatVersion)} is not supported by this kcdmesh`);
  const strings = (x: unknown): boolean => Array.isArray(x) && x.every((v) => typeof v === 'string');
  const record = isRecord;
  const hostsOk = Array.isArray(b.hosts) && b.hosts.every((h) => record(h) && typeof h.dn === 'string' && typeof h.name === 'string' && strings(h.delegateTo) && Number.isInteger(h.userAccountControl));
  if (!hostsOk || typeof b.baseDn !== 'string' || !record(b.plan) || !Array.isArray(b.plan.hosts)) throw corrupt(file, 'missing fields');
  // Every value rollback reads is checked for its type here: a hand-edited number or object is refused, not a crash.
  const uacOk = (u: unknown): boolean => u === null || (record(u) && Number.isInteger(u.from) && Number.isInteger(u.to));
  const planOk = b.plan.hosts.every((h) => record(h) && typeof h.dn === 'string' && typeof h.host === 'string' && strings(h.add) && strings(h.remove) && strings(h.current ?? []) && uacOk(h.uac ?? null));
  if (!planOk) throw corrupt(file, 'a planned host has a field of the wrong type');
  return b;
}

/** Beside a backup: which hosts that run actually wrote, so rollback touches only those. */
export function writtenRecordPath(backupFile: string): string {
  return backupFile.replace(/\.json$/, '') + '.written.json';
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
