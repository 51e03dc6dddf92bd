/**
 * What kcdmesh reads, and how much of it is sane. The caps are far above any real file of the kind
 * and far below what hurts: a config of 250 hosts is ~30 KB, a backup of 250 hosts ~9 MB.
 */
export type FileKind = 'config' | 'password' | 'key' | 'ca' | 'backup' | 'record';

export interface KindRule {
  /** How the file is named in messages ("password file"). */
  label: string;
  maxBytes: number;
  hint: string;
}

export const FILE_KINDS: Record<FileKind, KindRule> = {
  config: { label: 'config', maxBytes: 4 * 1024 * 1024, hint: 'give the path of a kcdmesh YAML or JSON config (see templates/)' },
  password: { label: 'password file', maxBytes: 64 * 1024, hint: 'give a readable file whose first line is the password (mode 0600)' },
  key: { label: 'backup key file', maxBytes: 64 * 1024, hint: 'make a key with head -c 32 /dev/urandom > FILE; chmod 600 FILE, and name it in KCDMESH_BACKUP_KEY_FILE' },
  ca: { label: 'CA file', maxBytes: 1024 * 1024, hint: 'give the PEM file of the CA that signed the DC certificate' },
  backup: { label: 'backup', maxBytes: 256 * 1024 * 1024, hint: 'give the path of a backup file apply wrote' },
  record: { label: 'record', maxBytes: 256 * 1024 * 1024, hint: 'keep the records kcdmesh wrote beside the backup unmodified' },
};

/** Reading a local file takes milliseconds; this long means a hung mount or a special file. */
export const READ_TIMEOUT_MS = 10_000;

export function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${(n / 1024 / 1024).toFixed(n % (1024 * 1024) ? 1 : 0)} MiB`;
  if (n >= 1024) return `${(n / 1024).toFixed(n % 1024 ? 1 : 0)} KiB`;
  return `${n} bytes`;
}
