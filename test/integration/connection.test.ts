import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { cli, createHosts, dc, fingerprint, fqdnOf, readHost } from '../lab/lab.js';
import { labUser, type LabUser } from '../lab/users.js';

const HOSTS = ['CONN01', 'CONN02'];

function as(user: LabUser): Record<string, string> {
  const u = labUser(user);
  return { KCDMESH_USER: u.upn, KCDMESH_PASSWORD: u.password };
}

beforeAll(() => createHosts(HOSTS));

describe('binds and transport', () => {
  it('wrong password: result 49 as one line with a hint', async () => {
    const r = await cli(['plan', ...HOSTS], { env: { KCDMESH_PASSWORD: 'not-the-password' } });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^kcdmesh: error: bind as Administrator@LAB.TEST: wrong user name or password \(LDAP 49: .*52e/);
    expect(r.stderr).toContain('hint: check --user / KCDMESH_USER and the password');
  });

  it('unknown user: the same answer as a wrong password', async () => {
    const r = await cli(['plan', ...HOSTS], { env: { KCDMESH_USER: 'nobody@LAB.TEST' } });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('wrong user name or password (LDAP 49');
  });

  it('plain ldap:// without --starttls is refused before any password is sent', async () => {
    const r = await cli(['plan', ...HOSTS, '--url', dc().SAMBA_DC_URL_PLAIN]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`refusing to send a password over plain ${dc().SAMBA_DC_URL_PLAIN}`);
    expect(r.stderr).toContain('hint: use ldaps:// or add --starttls');
  });

  it('with the loud opt-out the DC itself answers 8 (strongerAuthRequired), mapped to a hint', async () => {
    const r = await cli(['plan', ...HOSTS, '--url', dc().SAMBA_DC_URL_PLAIN, '--insecure-plaintext']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('kcdmesh: warn: WARNING: --insecure-plaintext: the password is sent unencrypted');
    expect(r.stderr).toContain('the DC requires an encrypted connection (LDAP 8');
    expect(r.stderr).toContain('hint: use an ldaps:// URL, or ldap:// with --starttls');
  });

  it('ldap:// with --starttls works', async () => {
    const r = await cli(['plan', ...HOSTS, '--url', dc().SAMBA_DC_URL_PLAIN, '--starttls']);
    expect(r.code).toBe(2);
    expect(r.stdout).toContain('Plan: 8 to add');
  });

  it('an untrusted DC certificate is refused, with the --ca-file hint', async () => {
    const r = await cli(['plan', ...HOSTS], { env: { KCDMESH_CA_FILE: undefined } });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/TLS certificate of ldaps:\/\/127\.0\.0\.\d+ not trusted/);
    expect(r.stderr).toContain('hint: give the CA that signed the DC certificate with --ca-file');
  });

  it('--insecure-skip-verify connects without the CA, and warns on every run', async () => {
    for (let i = 0; i < 2; i++) {
      const r = await cli(['plan', ...HOSTS, '--insecure-skip-verify'], { env: { KCDMESH_CA_FILE: undefined } });
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('kcdmesh: warn: WARNING: --insecure-skip-verify: the DC certificate is not checked');
    }
  });

  it('nothing listening: connection refused', async () => {
    const r = await cli(['plan', ...HOSTS, '--url', 'ldaps://127.0.0.1:1']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('kcdmesh: error: connection to ldaps://127.0.0.1:1 refused');
  });
});

describe('a DC that accepts the connection and never answers', () => {
  let server: Server;
  let port = 0;
  const sockets: Socket[] = [];
  beforeAll(async () => {
    server = createServer((s) => { sockets.push(s); }); // accepts, says nothing
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as { port: number }).port;
  });
  afterAll(() => new Promise<void>((resolve) => {
    for (const s of sockets) s.destroy();
    server.close(() => resolve());
  }));

  it('gives up after --timeout with a hint, instead of hanging', async () => {
    const started = Date.now();
    const r = await cli(['plan', ...HOSTS, '--url', `ldaps://127.0.0.1:${port}`, '--timeout', '1']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/did not answer in time|timed out/i);
    expect(Date.now() - started).toBeLessThan(15000);
    expect(sockets.length).toBeGreaterThan(0);
  });
});

describe('rights (result 50): nothing written, and the hint names what is missing', () => {
  it('write access without SeEnableDelegationPrivilege', async () => {
    const before = await fingerprint();
    const r = await cli(['apply', ...HOSTS, '--yes'], { env: as('kcd-writer') });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('cannot be created or changed without SePrivEnableDelegation');
    expect(r.stderr).toContain('a new run writes only what is still missing');
    expect(r.stderr).toContain('apply wrote 0 of 2 hosts (written: none; not written: CONN01, CONN02)');
    expect(r.stderr).toContain('needs SeEnableDelegationPrivilege');
    expect(await fingerprint()).toBe(before);
  });

  it('the privilege without write access', async () => {
    const before = await fingerprint();
    const r = await cli(['apply', ...HOSTS, '--yes'], { env: as('kcd-privonly') });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('has no write property access');
    expect(await fingerprint()).toBe(before);
  });

  it('the protocol-transition bit without the privilege', async () => {
    // Values already in place, so the only change is the UAC bit.
    await createHosts(['CONN01'], { values: [`cifs/CONN02`, `cifs/${fqdnOf('CONN02')}`, `Microsoft Virtual System Migration Service/CONN02`, `Microsoft Virtual System Migration Service/${fqdnOf('CONN02')}`] });
    await createHosts(['CONN02'], { values: [`cifs/CONN01`, `cifs/${fqdnOf('CONN01')}`, `Microsoft Virtual System Migration Service/CONN01`, `Microsoft Virtual System Migration Service/${fqdnOf('CONN01')}`] });
    const before = await fingerprint();
    const r = await cli(['apply', ...HOSTS, '--mode', 'any-protocol', '--yes'], { env: as('kcd-writer') });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('UF_TRUSTED_TO_AUTHENTICATE_FOR_DELEGATION');
    expect(await fingerprint()).toBe(before);
  });

  it('both rights: a delegated admin who is not a Domain Admin can apply', async () => {
    await createHosts(HOSTS);
    const r = await cli(['apply', ...HOSTS, '--mode', 'any-protocol', '--yes'], { env: as('kcd-delegator') });
    expect(r.code).toBe(0);
    expect((await readHost('CONN01')).uac).toBe(0x1001000);
  });

  it('a reader can audit', async () => {
    const r = await cli(['verify', ...HOSTS, '--mode', 'any-protocol'], { env: as('kcd-reader') });
    expect(r.code).toBe(0);
  });
});
