import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MIGRATION_SERVICE } from '../../../src/core/spn.js';
import { MemoryDirectory, type MemoryObject } from '../../../src/directory/memory-directory.js';
import { run, type Io } from '../../../src/program.js';
import type { Prompts } from '../../../src/ui/prompts.js';

export const DOMAIN = 'DC=lab,DC=test';

/** A Hyper-V host as a domain join and the Hyper-V role leave it: both names, HOST and migration SPNs. */
export function hyperV(name: string, extra: Partial<MemoryObject> = {}): MemoryObject {
  const fqdn = `${name.toLowerCase()}.lab.test`;
  return {
    dn: `CN=${name},OU=Hyper-V,${DOMAIN}`,
    sAMAccountName: `${name}$`,
    dNSHostName: fqdn,
    userAccountControl: 0x1000,
    servicePrincipalNames: [`HOST/${name}`, `HOST/${fqdn}`, `${MIGRATION_SERVICE}/${name}`, `${MIGRATION_SERVICE}/${fqdn}`],
    ...extra,
  };
}

export function memoryLab(names: readonly string[]): MemoryDirectory {
  return new MemoryDirectory({ domain: DOMAIN, dnsHostName: 'dc1.lab.test', user: 'admin@lab.test', objects: names.map((n) => hyperV(n)) });
}

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Run kcdmesh in-process against `dir`: no DC, no terminal unless `prompts` answer. */
export async function runWith(dir: MemoryDirectory, args: string[], prompts?: Partial<Prompts>, backupDir = mkdtempSync(join(tmpdir(), 'kcdmesh-mem-'))): Promise<RunResult> {
  let stdout = '';
  let stderr = '';
  const tty = prompts !== undefined;
  const io: Io = {
    stdout: { write: (s) => { stdout += s; }, isTTY: false },
    stderr: { write: (s) => { stderr += s; }, isTTY: tty },
    stdinIsTTY: tty,
    env: { KCDMESH_URL: 'ldaps://dc1.lab.test', KCDMESH_USER: 'admin@lab.test', KCDMESH_PASSWORD: 'not-used', KCDMESH_BACKUP_DIR: backupDir },
    openDirectory: async () => dir,
    prompts: {
      password: () => Promise.reject(new Error('unexpected password prompt')),
      confirm: prompts?.confirm ?? (() => Promise.reject(new Error('unexpected confirmation prompt'))),
      choose: prompts?.choose ?? (() => Promise.reject(new Error('unexpected checklist prompt'))),
    },
  };
  const code = await run(args, io);
  return { code, stdout, stderr };
}
