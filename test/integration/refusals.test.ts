import { beforeAll, describe, expect, it } from '@jest/globals';
import { cli, createHosts, dc, fingerprint } from '../lab/lab.js';

const HOSTS = ['REF01', 'REF02', 'REF03'];

/** Refused before anything is written: exit 1, the culprit named, a hint, and the directory unchanged (the full catalogue is bad-input.test.ts). */
async function expectRefused(args: string[], message: RegExp, opts: Parameters<typeof cli>[1] = {}): Promise<void> {
  const before = await fingerprint();
  const r = await cli(args, opts);
  expect(r.code).toBe(1);
  expect(r.stderr).toMatch(message);
  expect(r.stderr).toMatch(/\n {2}hint: \S/);
  expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
  expect(await fingerprint()).toBe(before);
}

beforeAll(async () => {
  await createHosts(HOSTS);
  await createHosts(['REFNOHV'], { hyperV: false });
  await createHosts(['REFNOFQDN'], { fqdn: null });
});

describe('refusals at the prompt and near the limits', () => {
  it('a host without dNSHostName', async () => {
    await expectRefused(['plan', 'REF01', 'REFNOFQDN'], /REFNOFQDN has no dNSHostName/);
  });

  it('a plan near the value budget is warned about', async () => {
    const warned = await cli(['plan', ...HOSTS, '--max-values', '10']);
    expect(warned.code).toBe(2);
    expect(warned.stdout).toContain('warning: REF01 would hold 8 delegation values, near the limit of 10');
  });

  it('apply answered "no" at the prompt', async () => {
    await expectRefused(['apply', ...HOSTS], /apply cancelled; nothing was written/, { tty: true, prompts: { confirm: async () => false } });
  });

  it('a plan that moved while the prompt was open', async () => {
    const { setUac } = await import('../lab/lab.js');
    const before = await fingerprint();
    const r = await cli(['apply', ...HOSTS], {
      tty: true,
      prompts: { confirm: async () => { await setUac('REF02', 0x1000 | 0x1000000); return true; } },
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('the hosts changed in the directory since the plan was shown; nothing was written');
    expect(await fingerprint()).not.toBe(before); // only the other writer's flag
    await setUac('REF02', 0x1000);
    expect(await fingerprint()).toBe(before);
  });
});

describe('warnings about targets', () => {
  it('plan warns about a peer without the migration SPN; cifs via HOST is not a false alarm', async () => {
    const r = await cli(['plan', 'REF01', 'REFNOHV']);
    expect(r.code).toBe(2);
    expect(r.stdout).toContain('error: REFNOHV cannot be delegated to: it does not register Microsoft Virtual System Migration Service/REFNOHV or Microsoft Virtual System Migration Service/refnohv.lab.test');
    expect(r.stdout).not.toMatch(/does not register cifs/);
    expect(dc().SAMBA_DC_DNSDOMAIN).toBe('lab.test');
  });
});
