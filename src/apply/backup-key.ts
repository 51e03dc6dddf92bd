import { stat } from 'node:fs/promises';
import { UsageError } from '../errors.js';
import { readFileBytes } from '../io/read-file.js';
import { keyProblem } from '../core/backup-seal.js';

/**
 * The key that seals backups, from the file KCDMESH_BACKUP_KEY_FILE names; null when unset. The
 * key is secret material: it is never printed, only its file name. Mode bits are not checked on
 * Windows, where they mean nothing (keep the file in a profile directory only you can read).
 */
export async function loadBackupKey(file: string | null): Promise<Uint8Array | null> {
  if (!file) return null;
  const key = await readFileBytes(file, 'key');
  const mode = process.platform === 'win32' ? null : (await stat(file)).mode;
  const problem = keyProblem(key, mode);
  if (problem) throw new UsageError(`backup key file ${file} is not usable: ${problem}`, 'make a key with head -c 32 /dev/urandom > FILE; chmod 600 FILE, and keep it where the backups are not');
  return key;
}
