// Jest loads this file outside its module mapper: it imports nothing relative.
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Stop the lab DC by its pid (samba-dc.sh stop) and remove its directory (KCDMESH_LAB_KEEP=1 keeps it). */
export default async function globalTeardown(): Promise<void> {
  const dir = process.env.KCDMESH_LAB_DIR;
  if (!dir) return;
  execFileSync('bash', [join(dirname(fileURLToPath(import.meta.url)), 'samba-dc.sh'), 'stop', dir], { stdio: ['ignore', 'ignore', 'inherit'] });
  if (!process.env.KCDMESH_LAB_KEEP) rmSync(dir, { recursive: true, force: true });
}
