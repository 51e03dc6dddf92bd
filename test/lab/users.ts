import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LAB_DIR } from './dc.js';

/** Non-administrators of the lab domain (test/lab/users.json), one per rights case of result 50. */
export type LabUser = 'kcd-reader' | 'kcd-writer' | 'kcd-privonly' | 'kcd-delegator' | 'kcd-secret';

export function labUser(name: LabUser): { upn: string; password: string } {
  const users = JSON.parse(readFileSync(join(LAB_DIR, 'users.json'), 'utf8')) as Array<{ name: string; password: string }>;
  const u = users.find((x) => x.name === name);
  if (!u) throw new Error(`no lab user ${name}`);
  return { upn: `${u.name}@LAB.TEST`, password: u.password };
}
