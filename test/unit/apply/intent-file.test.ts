import { appendFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { intentPath, openIntentLog, readIntentLog } from '../../../src/apply/intent-file.js';
import type { HostIntent } from '../../../src/core/intent-record.js';

const header = { backup: 'kcdmesh-apply-x.json', command: 'apply', dc: 'ldaps://dc1', baseDn: 'DC=lab,DC=test', createdAt: '2026-01-01T00:00:00Z' };
const h = (n: string): HostIntent => ({ dn: `CN=${n},CN=Computers,DC=lab,DC=test`, host: n, add: [`cifs/${n}`], remove: [], uac: null });

describe('the record on disk', () => {
  it('is written line by line, read back, and never opened twice', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kcdmesh-intent-'));
    const backup = join(dir, 'kcdmesh-apply-x.json');
    const log = await openIntentLog(backup, header);
    const a = h('HV1');
    await log.intend(a);
    // On disk before the modify would be sent: another reader sees the intent now.
    expect((await readIntentLog(backup))!.hosts).toEqual([{ intent: a, outcome: 'unknown' }]);
    await log.settle(a.dn, 'written', 'answer');
    await log.close();
    expect((await readIntentLog(backup))!.hosts[0].outcome).toBe('written');
    await expect(openIntentLog(backup, header)).rejects.toThrow(/exists already/);
    appendFileSync(intentPath(backup), '{"type":');
    expect((await readIntentLog(backup))!.problems).toEqual(['line 4: cut short (the run ended while writing it)']);
    expect(readFileSync(intentPath(backup), 'utf8').split('\n')[0]).toContain('"kind":"kcdmesh-intent"');
    expect(await readIntentLog(join(dir, 'none.json'))).toBeNull();
  });
});
