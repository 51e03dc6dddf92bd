import { createHmac, timingSafeEqual, type Hmac } from 'node:crypto';

/**
 * A keyed seal on a backup: HMAC-SHA256 of the backup body with a key from a file the user controls
 * (KCDMESH_BACKUP_KEY_FILE). The SHA-256 line catches damage; anyone can recompute it. The seal
 * can be made only by whoever can read the key, so a backup edited by someone who can write the
 * backup directory but not read the key is refused. Pure: bytes in, verdicts out.
 */
export const MIN_KEY_BYTES = 32;

export interface Trailer {
  sha256?: unknown;
  hmacSha256?: unknown;
}

export function sealOf(body: string, key: Uint8Array): string {
  return sealer(key).update(body).digest('hex');
}

/** The seal made piece by piece, as the body is written: the same bytes give the same seal as sealOf. */
export function sealer(key: Uint8Array): Hmac {
  return createHmac('sha256', key);
}

/**
 * Why a sealed or unsealed backup is not accepted with the key (or its absence) given; null when it is.
 * With a key, a backup must carry a valid seal (stripping it is an edit too). Without a key, a sealed
 * backup is refused rather than trusted unchecked.
 */
export function sealProblem(body: string, trailer: Trailer, key: Uint8Array | null): string | null {
  const seal = trailer.hmacSha256;
  if (!key) return seal === undefined ? null : 'it is sealed with a key (KCDMESH_BACKUP_KEY_FILE), and no key was given';
  if (typeof seal !== 'string' || !/^[0-9a-f]{64}$/.test(seal)) return 'it carries no seal, and a key was given (backups written with the key are sealed)';
  const want = Buffer.from(sealOf(body, key), 'hex');
  return timingSafeEqual(want, Buffer.from(seal, 'hex')) ? null : 'the seal does not match (changed since it was written, or another key)';
}

/** Why key material is not fit to seal backups: too short, or readable by other users (POSIX mode given). */
export function keyProblem(key: Uint8Array, mode: number | null): string | null {
  if (key.length < MIN_KEY_BYTES) return `it holds ${key.length} bytes; a key needs at least ${MIN_KEY_BYTES} (e.g. head -c 32 /dev/urandom > FILE)`;
  if (mode !== null && mode & 0o077) return `other users can read it (mode ${(mode & 0o777).toString(8)}); chmod 600 it`;
  return null;
}
