// Jest loads this file outside its module mapper: it imports nothing relative.
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Stop the lab DCs by their pids (samba-dc.sh stop) and remove their directories (KCDMESH_LAB_KEEP=1 keeps them). */
export default async function globalTeardown(): Promise<void> {
  const script = join(dirname(fileURLToPath(import.meta.url)), 'samba-dc.sh');
  for (const dir of [process.env.KCDMESH_LAB_DC2_DIR, process.env.KCDMESH_LAB_DIR]) {
    if (!dir) continue;
    execFileSync('bash', [script, 'stop', dir], { stdio: ['ignore', 'ignore', 'inherit'] });
    if (!process.env.KCDMESH_LAB_KEEP) rmSync(dir, { recursive: true, force: true });
  }
}
