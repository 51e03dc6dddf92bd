import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { BACKUP_DIR, backupOf, createHosts, dc, fingerprint, readHost } from '../lab/lab.js';
import { exportKeytab, KRB_DIR, kinitKeytab, kinitPassword, krb5Variant, krbCli, setStrongAuth, spn, startCapture, stopCapture } from '../lab/kerberos.js';

/**
 * Kerberos sign-in against the lab DC in its default, strict setting (ldap server require strong
 * auth = yes: simple binds on plain LDAP and unsealed SASL are refused). No password, user or CA is
 * given to kcdmesh in these runs: only a ticket (or a keytab) and the lab's krb5.conf.
 */
const ADMIN = 'Administrator@LAB.TEST';
const WRITER = 'kcd-delegator@LAB.TEST';
const HOSTS = ['KRB01', 'KRB02', 'KRB03'];
const plain = (): string => dc().SAMBA_DC_URL_PLAIN; // ldap://<ip>: the SPN comes from the DC's dnsHostName
let adminCc = '';

function changeLog(backup: string): Array<Record<string, unknown>> {
  return readFileSync(join(BACKUP_DIR, 'changes.log'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>).filter((r) => r.backup === backup);
}

function backupJson(file: string): Record<string, unknown> {
  return JSON.parse(readFileSync(file, 'utf8').split('\n{"sha256"')[0]) as Record<string, unknown>;
}

/** One line and a hint, exit 1, nothing on stdout. */
function expectError(r: { code: number; stdout: string; stderr: string }, message: RegExp, hint: RegExp): void {
  expect(r.code).toBe(1);
  const lines = r.stderr.trim().split('\n');
  expect(lines).toHaveLength(2);
  expect(lines[0]).toMatch(/^kcdmesh: error: /);
  expect(lines[0]).toMatch(message);
  expect(lines[1]).toMatch(/^ {2}hint: /);
  expect(lines[1]).toMatch(hint);
}

beforeAll(() => {
  adminCc = kinitPassword('admin', ADMIN, dc().SAMBA_DC_PASSWORD);
});

describe('sealed plain LDAP with a ticket from kinit (admin)', () => {
  it('plan -> apply -> plan in sync, verify, rollback; records name the principal', async () => {
    await createHosts(HOSTS);
    const before = await fingerprint();
    const env = { KRB5CCNAME: adminCc, KCDMESH_AUTH: 'kerberos' };

    const plan = krbCli(['plan', ...HOSTS, '--url', plain(), '-v'], env);
    expect(plan.stderr).not.toMatch(/error/);
    expect(plan.code).toBe(2);
    expect(plan.stdout).toContain('Plan: 24 to add');
    expect(plan.stderr).toContain(`${plain()} holds an address: service name ldap/DC1.lab.test, from the DC's dnsHostName`);
    expect(plan.stderr).toContain(`as ${ADMIN} with Kerberos (sealed`);

    const apply = krbCli(['apply', ...HOSTS, '--url', plain(), '--yes'], env);
    expect(apply.code).toBe(0);
    expect((await readHost('KRB01')).values).toHaveLength(8);
    const backup = backupOf(apply);
    expect(backupJson(backup)).toMatchObject({ command: 'apply', bindIdentity: ADMIN, dc: { url: plain() } });
    const log = changeLog(backup);
    expect(log).toHaveLength(3);
    for (const r of log) expect(r).toMatchObject({ bindIdentity: ADMIN, result: 'ok' });

    const again = krbCli(['plan', ...HOSTS, '--url', plain()], env);
    expect(again.code).toBe(0);
    expect(krbCli(['verify', ...HOSTS, '--url', plain()], env).code).toBe(0);

    const rolled = krbCli(['rollback', backup, '--yes', '--url', plain()], env);
    expect(rolled.code).toBe(0);
    expect(changeLog(backup).filter((r) => r.command === 'rollback').every((r) => r.bindIdentity === ADMIN)).toBe(true);
    expect(await fingerprint()).toBe(before);
  });

  it('a tcpdump of the session shows the GSSAPI bind and no attribute value after it', async () => {
    const names = ['KRBCAP01', 'KRBCAP02'];
    await createHosts(names);
    const pcap = join(KRB_DIR, 'sealed.pcap');
    const cap = await startCapture(pcap);
    let apply;
    try {
      apply = krbCli(['apply', ...names, '--url', plain(), '--auth', 'kerberos', '--yes'], { KRB5CCNAME: adminCc });
      await sleep(300);
    } finally {
      await stopCapture(cap);
    }
    expect(apply.code).toBe(0);
    expect((await readHost('KRBCAP01')).values).toContain('cifs/KRBCAP02');
    const wire = readFileSync(pcap).toString('latin1');
    // The capture works: the SASL mechanism name travels in clear in the first bind request...
    expect(wire).toContain('GSSAPI');
    // ...as does the anonymous rootDSE read before it (the URL holds an address): the capture sees clear LDAP.
    expect(wire).toContain('dnsHostName');
    expect(wire.length).toBeGreaterThan(2000);
    // ...and nothing that was searched for, read or written does.
    for (const text of ['KRBCAP', 'krbcap', 'Virtual System Migration', 'msDS-AllowedToDelegateTo', 'CN=Computers', 'servicePrincipalName', 'sAMAccountName']) {
      expect(wire).not.toContain(text);
    }
  });

  it('nothing resembling ticket or key material reaches the output, even at -vv', () => {
    const r = krbCli(['verify', 'KRB01', 'KRB02', '--url', plain(), '--auth', 'kerberos', '-vv'], { KRB5CCNAME: adminCc });
    expect(r.stderr).toContain(`as ${ADMIN} with Kerberos (sealed`);
    expect(r.code).toBe(2);
    const out = r.stdout + r.stderr;
    expect(out).not.toMatch(/[A-Za-z0-9+/]{40,}={0,2}/);
    expect(out).not.toContain(dc().SAMBA_DC_PASSWORD);
    expect(out).not.toMatch(/krbtgt|YII/);
  });
});

describe('the delegated non-admin writer from a keytab', () => {
  it('KRB5_CLIENT_KTNAME: apply and verify as kcd-delegator, recorded as its principal', async () => {
    await createHosts(['KRBW01', 'KRBW02']);
    const keytab = join(dc().SAMBA_DC_DIR, 'kcd-delegator.keytab');
    // An empty cache: the Kerberos library gets the ticket from the client keytab by itself.
    const env = { KRB5_CLIENT_KTNAME: `FILE:${keytab}`, KRB5CCNAME: `FILE:${join(KRB_DIR, 'writer-auto.cc')}` };
    const apply = krbCli(['apply', 'KRBW01', 'KRBW02', '--url', plain(), '--auth', 'kerberos', '--yes'], env);
    expect(apply.stderr).not.toMatch(/error/);
    expect(apply.code).toBe(0);
    expect(backupJson(backupOf(apply))).toMatchObject({ bindIdentity: WRITER });
    expect(changeLog(backupOf(apply)).every((r) => r.bindIdentity === WRITER)).toBe(true);
    expect((await readHost('KRBW02')).values).toContain('cifs/KRBW01');
    // kinit -k into its own cache works the same.
    const cc = kinitKeytab('writer', WRITER, keytab);
    expect(krbCli(['verify', 'KRBW01', 'KRBW02', '--url', plain(), '--auth', 'kerberos'], { KRB5CCNAME: cc }).code).toBe(0);
  });

  it('a bound user without rights gets the result-50 hint, nothing written', async () => {
    await createHosts(['KRBR01', 'KRBR02']);
    const before = await fingerprint();
    const cc = kinitKeytab('reader', 'kcd-reader@LAB.TEST', exportKeytab('kcd-reader'));
    const r = krbCli(['apply', 'KRBR01', 'KRBR02', '--url', plain(), '--auth', 'kerberos', '--yes'], { KRB5CCNAME: cc });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/insufficient access \(LDAP 50/);
    expect(r.stderr).toMatch(/hint: the account needs/);
    expect(await fingerprint()).toBe(before);
  });
});

describe('errors: one line and a hint, nothing written', () => {
  let before = '';
  beforeAll(async () => {
    await createHosts(['KRBE01', 'KRBE02']);
    before = await fingerprint();
  });
  afterAll(async () => {
    expect(await fingerprint()).toBe(before);
  });
  const apply = (env: Record<string, string>, extra: string[] = []) => krbCli(['apply', 'KRBE01', 'KRBE02', '--url', plain(), '--auth', 'kerberos', '--yes', ...extra], env);

  it('no ticket', () => {
    expectError(apply({ KRB5CCNAME: `FILE:${join(KRB_DIR, 'none.cc')}` }), /no Kerberos ticket/, /kinit/);
  });

  it('an expired ticket', async () => {
    const cc = kinitPassword('short', ADMIN, dc().SAMBA_DC_PASSWORD, ['-l', '1s']);
    await sleep(2500);
    expectError(apply({ KRB5CCNAME: cc }), /Kerberos ticket has expired/, /kinit/);
  });

  it('a realm the Kerberos configuration does not know', () => {
    const cc = kinitPassword('tgt-realm', ADMIN, dc().SAMBA_DC_PASSWORD);
    const conf = krb5Variant('norealm', () => '[libdefaults]\n\tdefault_realm = OTHER.TEST\n\tdns_lookup_kdc = false\n\tdns_lookup_realm = false\n');
    expectError(apply({ KRB5CCNAME: cc, KRB5_CONFIG: conf }), /knows no KDC for the realm.*LAB\.TEST/, /krb5\.conf/);
  });

  it('the KDC unreachable', () => {
    const cc = kinitPassword('tgt-kdc', ADMIN, dc().SAMBA_DC_PASSWORD);
    const conf = krb5Variant('nokdc', (t) => t.replace(/^(\s*)kdc = (\S+)$/m, '$1kdc = $2:1'));
    expectError(apply({ KRB5CCNAME: cc, KRB5_CONFIG: conf }), /KDC cannot be reached/, /port \(88\)/);
  });

  it('no ldap/ SPN for the name used', () => {
    const cc = kinitPassword('tgt-spn', ADMIN, dc().SAMBA_DC_PASSWORD);
    spn('delete', 'ldap/DC1.lab.test');
    try {
      expectError(apply({ KRB5CCNAME: cc }), /knows no service principal ldap\/DC1\.lab\.test/, /FQDN/);
    } finally {
      spn('add', 'ldap/DC1.lab.test');
    }
  });

  it('--password-file is refused with Kerberos, and no password is asked for', () => {
    const file = join(KRB_DIR, 'pw');
    writeFileSync(file, 'x\n', { mode: 0o600 });
    expectError(apply({ KRB5CCNAME: adminCc }, ['--password-file', file]), /--password-file cannot be used with --auth kerberos/, /ticket is the credential/);
  });
});

describe('GSSAPI inside TLS', () => {
  it('the strict DC refuses it with a hint to use sealed ldap://', () => {
    const r = krbCli(['verify', 'KRB01', '--url', dc().SAMBA_DC_URL, '--auth', 'kerberos', '--ca-file', dc().SAMBA_DC_CA], { KRB5CCNAME: adminCc });
    expectError(r, /refused inside TLS \(LDAP 8/, /ldap:\/\/ without --starttls/);
  });

  describe('against a DC that accepts SASL inside TLS (allow_sasl_over_tls, as AD does)', () => {
    beforeAll(() => setStrongAuth('allow_sasl_over_tls'), 120000);
    afterAll(() => setStrongAuth('yes'), 120000);

    it('binds without a SASL layer over LDAPS and over StartTLS', async () => {
      await createHosts(['KRBT01', 'KRBT02']);
      const env = { KRB5CCNAME: adminCc, KCDMESH_AUTH: 'kerberos', KCDMESH_CA_FILE: dc().SAMBA_DC_CA };
      const apply = krbCli(['apply', 'KRBT01', 'KRBT02', '--url', dc().SAMBA_DC_URL, '--yes', '-v'], env);
      expect(apply.stderr).toContain('inside TLS, no SASL layer');
      expect(apply.code).toBe(0);
      expect(backupJson(backupOf(apply))).toMatchObject({ bindIdentity: ADMIN });
      const st = krbCli(['verify', 'KRBT01', 'KRBT02', '--url', plain(), '--starttls', '-v'], env);
      expect(st.stderr).toContain('inside TLS, no SASL layer');
      expect(st.code).toBe(0);
    });
  });
});
