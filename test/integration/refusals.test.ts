import { beforeAll, describe, expect, it } from '@jest/globals';
import { cli, createHosts, dc, fingerprint } from '../lab/lab.js';

const HOSTS = ['REF01', 'REF02', 'REF03'];

/** Refused before anything is written: exit 1, the culprit named, a hint, and the directory unchanged. */
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
  // Two objects claiming the same dNSHostName (a stale object after a rejoin).
  await createHosts(['REFDUPA'], { fqdn: 'dup.lab.test' });
  await createHosts(['REFDUPB'], { fqdn: 'dup.lab.test', spns: [] });
});

describe('refused host lists', () => {
  it.each([
    ['an unknown name', ['REF01', 'REF02', 'NOSUCHHOST'], /no computer named "NOSUCHHOST"/],
    ['an unknown FQDN', ['REF01', 'nosuch.lab.test'], /no computer named "nosuch.lab.test"/],
    ['an ambiguous FQDN', ['REF01', 'dup.lab.test'], /"dup.lab.test" is ambiguous/],
    ['the same host twice', ['REF01', 'REF02', 'ref01'], /is listed twice/],
    ['one computer by two names', ['REF01', 'REF02', 'ref02.lab.test'], /"ref02.lab.test" and "REF02" are the same computer/],
    ['a wildcard', ['REF01', 'REF*'], /invalid host name "REF\*"/],
    ['filter parentheses', ['REF01', 'REF02)(cn=*'], /invalid host name/],
    ['a backslash', ['REF01', 'REF\\02'], /invalid host name/],
    ['a NUL byte', ['REF01', 'REF\u000002'], /invalid host name/],
    ['a space', ['REF01', 'REF 02'], /invalid host name/],
    ['one host only', ['REF01'], /a mesh needs at least two hosts, got only REF01/],
    ['no hosts', [], /no hosts given/],
    ['a domain controller', ['REF01', 'DC1'], /DC1 is a domain controller/],
    ['a host without dNSHostName', ['REF01', 'REFNOFQDN'], /REFNOFQDN has no dNSHostName/],
  ])('%s', async (_what, hosts, message) => {
    await expectRefused(['apply', ...hosts, '--yes'], message);
    await expectRefused(['plan', ...hosts], message);
  });

  it('names and --discover together', async () => {
    await expectRefused(['apply', 'REF01', '--discover', '--yes'], /both host names and --discover/);
  });

  it('a plan over the value budget', async () => {
    await expectRefused(['apply', ...HOSTS, '--max-values', '7', '--yes'], /REF01 would hold 8 delegation values, over the limit of 7/);
    const warned = await cli(['plan', ...HOSTS, '--max-values', '10']);
    expect(warned.code).toBe(2);
    expect(warned.stdout).toContain('warning: REF01 would hold 8 delegation values, near the limit of 10');
  });

  it('apply without a terminal and without --yes', async () => {
    await expectRefused(['apply', ...HOSTS], /apply needs a confirmation and there is no terminal/);
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
    expect(r.stdout).toContain('warning: REFNOHV does not register Microsoft Virtual System Migration Service/REFNOHV or Microsoft Virtual System Migration Service/refnohv.lab.test');
    expect(r.stdout).not.toMatch(/does not register cifs/);
    expect(dc().SAMBA_DC_DNSDOMAIN).toBe('lab.test');
  });
});
