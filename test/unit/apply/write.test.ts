import { describe, expect, it } from '@jest/globals';
import { writePlan } from '../../../src/apply/write.js';
import type { HostPlan, Plan } from '../../../src/core/types.js';
import type { Directory } from '../../../src/directory/directory.js';
import type { Level, Logger } from '../../../src/ui/logger.js';

const host = (n: number): HostPlan =>
  ({ host: `HV0${n}`, dn: `CN=HV0${n},CN=Computers,DC=lab,DC=test`, add: [`cifs/HV0${n + 1}`], remove: [], uac: null, planned: [], current: [], unmanaged: [] }) as unknown as HostPlan;

function setup(n: number) {
  const sent: string[] = [];
  const dir = { modifyHost: async (m: { dn: string }) => { sent.push(m.dn); } } as unknown as Directory;
  const plan = { hosts: Array.from({ length: n }, (_, i) => host(i + 1)) } as unknown as Plan;
  const lines: Array<[Level, string]> = [];
  const log: Logger = {
    debug: (m) => lines.push(['debug', m]),
    info: (m) => lines.push(['info', m]),
    warn: (m) => lines.push(['warn', m]),
    error: (m) => lines.push(['error', m]),
  };
  return { dir, plan, sent, lines, log };
}

describe('writePlan', () => {
  it('says once why the hosts after a full disk are not sent (each one stays in the results and at debug level)', async () => {
    const { dir, plan, sent, lines, log } = setup(6);
    const full = Object.assign(new Error('no space left on the device'), { code: 'ENOSPC' });
    const results = await writePlan(dir, plan, 1, log, {
      before: async (h) => {
        if (Number(h.host.slice(2)) >= 3) throw full;
      },
    });
    expect(sent).toHaveLength(2);
    expect(results.map((r) => r.status)).toEqual(['written', 'written', 'failed', 'failed', 'failed', 'failed']);
    expect(results.slice(2).every((r) => r.notSent)).toBe(true);
    const errors = lines.filter(([level]) => level === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0][1]).toMatch(/^HV03: not written: not sent: its intent could not be put on disk first \(no space left on the device\)/);
    expect(lines.filter(([level, m]) => level === 'debug' && /not sent/.test(m)).map(([, m]) => m.slice(0, 4))).toEqual(['HV04', 'HV05', 'HV06']);
  });

  it('folds only a cause that stops the hosts after it: a modify that fails is said for each host', async () => {
    const { plan, lines, log } = setup(3);
    const dir = { modifyHost: async () => { throw new Error('insufficient access'); } } as unknown as Directory;
    const results = await writePlan(dir, plan, 1, log);
    expect(results.map((r) => r.status)).toEqual(['unknown', 'unknown', 'unknown']);
    expect(lines.filter(([level]) => level === 'error')).toHaveLength(3);
  });

  it('an interrupted run: one line for the hosts never sent', async () => {
    const { dir, plan, sent, lines, log } = setup(5);
    const stop = new AbortController();
    stop.abort();
    const results = await writePlan(dir, plan, 2, log, {}, stop.signal);
    expect(sent).toEqual([]);
    expect(results.every((r) => r.status === 'failed' && r.notSent)).toBe(true);
    expect(lines.filter(([level]) => level === 'error').map(([, m]) => m)).toEqual(['HV01: not written: not sent: the run was interrupted']);
  });
});
