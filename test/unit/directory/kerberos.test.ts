import { describe, expect, it } from '@jest/globals';
import { InvalidCredentialsError, StrongAuthRequiredError } from 'ldapts';
import { dcSource } from '../../../src/config/dc-source.js';
import { resolveConnection } from '../../../src/config/connection.js';
import { openFirstDc } from '../../../src/directory/dc-failover.js';
import type { Directory } from '../../../src/directory/directory.js';
import { parseCcacheRealm, ticketRealm } from '../../../src/config/ccache.js';
import { locateDcs, orderSrv, type SrvRecord } from '../../../src/config/dc-locator.js';
import { mapKerberosError } from '../../../src/directory/kerberos/errors.js';
import { loadKerberos } from '../../../src/directory/kerberos/module.js';
import { layerReply, serviceName } from '../../../src/directory/kerberos/sasl-gssapi.js';
import { KcdmeshError } from '../../../src/errors.js';

const srv = (name: string, priority: number, weight: number): SrvRecord => ({ name, port: 389, priority, weight });
/** A deterministic "random" sequence. */
const seq = (...xs: number[]) => { let i = 0; return () => xs[i++ % xs.length]; };

describe('DNS SRV order (RFC 2782)', () => {
  it('lowest priority first, whatever the weights', () => {
    const order = orderSrv([srv('c', 20, 100), srv('a', 0, 0), srv('b', 10, 100)], seq(0.5)).map((r) => r.name);
    expect(order).toEqual(['a', 'b', 'c']);
  });

  it('within one priority, a weighted draw: the random number picks by cumulative weight', () => {
    const recs = [srv('w10', 0, 10), srv('w30', 0, 30), srv('w60', 0, 60)];
    // sorted by weight: w10 [0,10) w30 [10,40) w60 [40,100)
    expect(orderSrv(recs, seq(0.05, 0.0)).map((r) => r.name)).toEqual(['w10', 'w30', 'w60']);
    expect(orderSrv(recs, seq(0.95, 0.99)).map((r) => r.name)).toEqual(['w60', 'w30', 'w10']);
    expect(orderSrv(recs, seq(0.2, 0.5)).map((r) => r.name)).toEqual(['w30', 'w60', 'w10']);
  });

  it('weights decide how often a DC comes first', () => {
    let x = 0;
    const counts: Record<string, number> = { heavy: 0, light: 0 };
    for (let i = 0; i < 1000; i++) counts[orderSrv([srv('light', 0, 1), srv('heavy', 0, 3)], () => ((x = (x * 9301 + 49297) % 233280) / 233280))[0].name]++;
    expect(counts.heavy).toBeGreaterThan(650);
    expect(counts.heavy).toBeLessThan(850);
  });

  it('locateDcs asks for _ldap._tcp.dc._msdcs.<domain> and gives ldap:// URLs in order', async () => {
    const asked: string[] = [];
    const urls = await locateDcs('Example.COM', async (name) => { asked.push(name); return [srv('dc2.example.com.', 10, 0), { ...srv('dc1.example.com', 0, 0), port: 3890 }]; });
    expect(asked).toEqual(['_ldap._tcp.dc._msdcs.example.com']);
    expect(urls).toEqual(['ldap://dc1.example.com:3890', 'ldap://dc2.example.com']);
  });

  it('a failed lookup is one line with a hint', async () => {
    await expect(locateDcs('nowhere.test', async () => { throw Object.assign(new Error('x'), { code: 'ENOTFOUND' }); })).rejects.toThrow(/no domain controller found for nowhere\.test: DNS SRV lookup of _ldap\._tcp\.dc\._msdcs\.nowhere\.test failed \(ENOTFOUND\)/);
  });
});

describe('where the DC comes from', () => {
  const lookup = (realm: string | null) => ({ locateDcs: async (d: string) => [`ldap://dc1.${d}`, `ldap://dc2.${d}`], ticketRealm: async () => realm });
  it('--url wins; --domain finds DCs; with Kerberos the ticket realm is the default domain', async () => {
    expect(await dcSource({ url: 'ldap://x' }, true, lookup('LAB.TEST'))).toEqual({ urls: ['ldap://x'], domain: null });
    expect(await dcSource({ domain: 'example.com' }, false, lookup(null))).toEqual({ urls: ['ldap://dc1.example.com', 'ldap://dc2.example.com'], domain: 'example.com' });
    expect(await dcSource({}, true, lookup('LAB.TEST'))).toEqual({ urls: ['ldap://dc1.lab.test', 'ldap://dc2.lab.test'], domain: 'lab.test' });
    await expect(dcSource({}, true, lookup(null))).rejects.toThrow('no domain controller given');
    await expect(dcSource({ url: 'ldap://x', domain: 'y.com' }, true, lookup(null))).rejects.toThrow('both --url and --domain');
  });

  it('Kerberos needs no user and no password, refuses --password-file, and allows plain ldap://', async () => {
    const warn: string[] = [];
    const ctx = { env: {}, askPassword: null, warn: (m: string) => warn.push(m), lookup: lookup(null) };
    const conn = await resolveConnection({ url: 'ldap://dc1.lab.test', auth: 'kerberos' }, ctx);
    expect(conn).toMatchObject({ auth: 'kerberos', url: 'ldap://dc1.lab.test', allowPlaintext: false });
    expect(conn.password.reveal()).toBe('');
    expect(warn).toEqual([]);
    await expect(resolveConnection({ url: 'ldap://dc1', auth: 'kerberos', passwordFile: '/x' }, ctx)).rejects.toThrow('--password-file cannot be used with --auth kerberos');
    await expect(resolveConnection({ url: 'ldap://dc1', auth: 'ntlm' }, ctx)).rejects.toThrow('unknown --auth "ntlm"');
    // simple binds keep refusing plain LDAP
    await expect(resolveConnection({ url: 'ldap://dc1', user: 'a' }, { ...ctx, env: { KCDMESH_PASSWORD: 'p' } })).rejects.toThrow('refusing to send a password over plain');
  });

  it('the first DC that answers is used and named; a refusal stops the search', async () => {
    const logs: string[] = [];
    const log = { debug: () => undefined, info: (m: string) => logs.push(m), warn: (m: string) => logs.push(m) } as never;
    const conn = await resolveConnection({ auth: 'kerberos' }, { env: {}, askPassword: null, warn: () => undefined, lookup: lookup('LAB.TEST') });
    const tried: string[] = [];
    const dir = await openFirstDc(conn, async (c) => {
      tried.push(c.url);
      if (c.url.includes('dc1')) throw new KcdmeshError(`connection to ${c.url} refused`, 'h');
      return { url: c.url } as Directory;
    }, log);
    expect(tried).toEqual(['ldap://dc1.lab.test', 'ldap://dc2.lab.test']);
    expect(dir.url).toBe('ldap://dc2.lab.test');
    expect(logs.at(-1)).toBe('using DC ldap://dc2.lab.test (DNS SRV records of lab.test; 1 before it did not answer)');
    await expect(openFirstDc(conn, async () => { throw new KcdmeshError('no Kerberos ticket', 'kinit'); }, log)).rejects.toThrow('no Kerberos ticket');
  });
});

describe('the ticket realm from a FILE: credential cache', () => {
  // version 0x0504, header length 0, principal: type 1, 1 component, realm "LAB.TEST", "admin"
  const cc = Buffer.concat([Buffer.from([5, 4, 0, 0, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 8]), Buffer.from('LAB.TEST'), Buffer.from([0, 0, 0, 5]), Buffer.from('admin')]);
  it('parses the default principal realm', async () => {
    expect(parseCcacheRealm(cc)).toBe('LAB.TEST');
    expect(parseCcacheRealm(Buffer.from('not a cache'))).toBeNull();
    expect(await ticketRealm({ KRB5CCNAME: 'FILE:/x' }, 0, async () => cc)).toBe('LAB.TEST');
    expect(await ticketRealm({ KRB5CCNAME: 'KCM:' }, 0, async () => cc)).toBeNull();
    expect(await ticketRealm({ USERDNSDOMAIN: 'EXAMPLE.COM' }, null)).toBe('EXAMPLE.COM');
  });
});

describe('GSSAPI pieces', () => {
  it('service name per platform', () => {
    expect(serviceName('dc1.lab.test', 'linux')).toBe('ldap@dc1.lab.test');
    expect(serviceName('dc1.lab.test', 'win32')).toBe('ldap/dc1.lab.test');
  });

  it('the layer reply chooses confidentiality on plain LDAP and none inside TLS', () => {
    expect(layerReply(Buffer.from([7, 0x01, 0x00, 0x00]), true)).toEqual(Buffer.from([4, 0x01, 0x00, 0x00]));
    expect(layerReply(Buffer.from([7, 0x01, 0x00, 0x00]), false)).toEqual(Buffer.from([1, 0, 0, 0]));
    expect(() => layerReply(Buffer.from([3, 0, 1, 0]), true)).toThrow('no Kerberos confidentiality layer');
    expect(() => layerReply(Buffer.from([6, 0, 1, 0]), false)).toThrow('without a security layer inside TLS');
    expect(() => layerReply(Buffer.from([7]), true)).toThrow('malformed');
  });

  it('a missing module is one line with the way to install it', async () => {
    const err = await loadKerberos(() => Promise.reject(new Error("Cannot find package 'kerberos' imported from x"))).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(KcdmeshError);
    expect((err as KcdmeshError).message).toBe('--auth kerberos needs the optional module "kerberos", which is not available (Cannot find package \'kerberos\' imported from x)');
    expect((err as KcdmeshError).hint).toMatch(/libkrb5-dev.*npm ci/);
  });

  it('maps what the Kerberos library and the DC say', () => {
    const ctx = { url: 'ldap://dc1', spn: 'ldap/dc1', tls: false };
    const m = (msg: string, c = ctx) => mapKerberosError(new Error(msg), c)?.message;
    expect(m('No credentials were supplied, or the credentials were unavailable or inaccessible: No Kerberos credentials available (default cache: FILE:/tmp/krb5cc_0)')).toBe('no Kerberos ticket (No Kerberos credentials available (default cache: FILE:/tmp/krb5cc_0))');
    expect(m('Unspecified GSS failure.  Minor code may provide more information: Ticket expired')).toBe('the Kerberos ticket has expired (Ticket expired)');
    expect(m('Unspecified GSS failure.  Minor code may provide more information: Server not found in Kerberos database')).toBe('the KDC knows no service principal ldap/dc1 (Server not found in Kerberos database)');
    expect(m('Unspecified GSS failure.  Minor code may provide more information: Cannot find KDC for realm "X.TEST"')).toMatch(/knows no KDC for the realm/);
    expect(m("Unspecified GSS failure.  Minor code may provide more information: Cannot contact any KDC for realm 'X.TEST'")).toMatch(/KDC cannot be reached/);
    expect(mapKerberosError(new Error('ECONNREFUSED'), ctx)).toBeNull();
    const cbt = mapKerberosError(new InvalidCredentialsError('80090346: LdapErr: DSID-0C09058A, comment: AcceptSecurityContext error, data 80090346, v4563'), { ...ctx, tls: true });
    expect(cbt?.message).toMatch(/requires channel binding on TLS/);
    expect(cbt?.hint).toMatch(/ldap:\/\/ without --starttls.*sealed/);
    expect(mapKerberosError(new StrongAuthRequiredError('SASL:[GSSAPI]: Sign or Seal are required.'), { ...ctx, tls: true })?.hint).toMatch(/sealed/);
  });
});
