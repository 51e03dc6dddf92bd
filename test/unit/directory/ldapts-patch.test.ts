import { readFileSync } from 'node:fs';
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { BerReader, BindRequest, BindResponse, Client } from 'ldapts';

/**
 * patches/ldapts+8.2.0+001+sasl-gssapi.patch changes ldapts 8.2.0 (binary SASL credentials, a SASL
 * security layer). These tests fail loudly when another ldapts is installed or the patch is missing.
 */
const require = createRequire(import.meta.url);
const PATCHED_FOR = '8.2.0';

describe('the installed ldapts is the one the patch was made for, patched', () => {
  it(`is ldapts ${PATCHED_FOR}`, () => {
    const pkg = JSON.parse(readFileSync(join(dirname(require.resolve('ldapts')), '..', 'package.json'), 'utf8')) as { version: string };
    if (pkg.version !== PATCHED_FOR) throw new Error(`ldapts ${pkg.version} is installed, but patches/ldapts+${PATCHED_FOR}+001+sasl-gssapi.patch was made for ${PATCHED_FOR}: port the patch, rename it, and update this test`);
  });

  it('has the security-layer hook in both bundles (ESM and CommonJS)', () => {
    const cjs = require('ldapts') as { Client: { prototype: Record<string, unknown> } };
    for (const proto of [Client.prototype as unknown as Record<string, unknown>, cjs.Client.prototype]) {
      if (typeof proto.setSaslSecurityLayer !== 'function') throw new Error('ldapts is not patched (no Client.setSaslSecurityLayer): run npm ci, which applies patches/ through postinstall');
    }
  });

  it('writes binary SASL credentials as they are', () => {
    const token = Buffer.from([0x60, 0x82, 0xff, 0x00, 0x80, 0xc3, 0x28]);
    const bytes = new BindRequest({ messageId: 7, mechanism: 'GSSAPI', password: token }).write();
    expect(bytes.includes(token)).toBe(true);
  });

  it('reads the server SASL credentials as bytes', () => {
    const creds = Buffer.from([0x6f, 0x81, 0xfe, 0x00, 0xc3]);
    // BindResponse body: resultCode 14, matchedDN "", diagnostic "", serverSaslCreds [7]
    const body = Buffer.concat([Buffer.from([0x0a, 0x01, 0x0e, 0x04, 0x00, 0x04, 0x00, 0x87, creds.length]), creds]);
    const reader = new BerReader(Buffer.concat([Buffer.from([0x61, body.length]), body]));
    reader.readSequence();
    const res = new BindResponse({ messageId: 1 });
    res.parseMessage(reader);
    expect(res.saslCredentials).toEqual(creds);
  });
});

const xor = (b: Buffer): Buffer => Buffer.from(b.map((x) => x ^ 0x5a));
const frame = (b: Buffer): Buffer => Buffer.concat([Buffer.from([0, 0, 0, 0].map((_, i) => (b.length >>> (8 * (3 - i))) & 0xff)), b]);
/** A success response of protocol operation `op` for message `id` (< 128). */
const success = (id: number, op: number): Buffer => Buffer.from([0x30, 0x0c, 0x02, 0x01, id, op, 0x07, 0x0a, 0x01, 0x00, 0x04, 0x00, 0x04, 0x00]);

describe('the SASL security layer', () => {
  it('wraps every request in a 4-byte length frame and unwraps split incoming frames before parsing', async () => {
    const seen: Buffer[] = [];
    let layered = false;
    const server = createServer((s: Socket) => {
      let buf = Buffer.alloc(0);
      s.on('data', (d: Buffer) => {
        buf = Buffer.concat([buf, d]);
        if (!layered) {
          // the simple bind, in clear
          s.write(success(buf[4], 0x61));
          buf = Buffer.alloc(0);
          layered = true;
          return;
        }
        while (buf.length >= 4 && buf.length >= 4 + buf.readUInt32BE(0)) {
          const raw = buf.subarray(4, 4 + buf.readUInt32BE(0));
          buf = buf.subarray(4 + raw.length);
          seen.push(raw);
          const msg = xor(raw);
          if (msg[5] === 0x42) continue; // unbind
          const reply = frame(xor(success(msg[4], 0x78)));
          // split mid-header and mid-body: the client must reassemble
          s.write(reply.subarray(0, 2));
          setTimeout(() => s.write(reply.subarray(2, 9)), 5);
          setTimeout(() => s.write(reply.subarray(9)), 10);
        }
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const client = new Client({ url: `ldap://127.0.0.1:${(server.address() as AddressInfo).port}`, timeout: 5000 });
    try {
      await client.bind('cn=x', 'y');
      client.setSaslSecurityLayer({ wrap: (b) => xor(b), unwrap: async (b) => xor(b) });
      expect(client.hasSaslSecurityLayer).toBe(true);
      await client.exop('1.3.6.1.4.1.4203.1.11.3');
      await client.exop('1.3.6.1.4.1.4203.1.11.3');
      expect(seen).toHaveLength(2);
      for (const raw of seen) {
        expect(raw.toString('latin1')).not.toContain('1.3.6.1.4.1.4203.1.11.3');
        expect(xor(raw).toString('latin1')).toContain('1.3.6.1.4.1.4203.1.11.3');
      }
    } finally {
      await client.unbind().catch(() => undefined);
      await new Promise((r) => server.close(r));
    }
  });

  it('fails the pending request when unwrapping fails, and ends the layer with the connection', async () => {
    const server = createServer((s: Socket) => {
      let bound = false;
      s.on('data', (d: Buffer) => {
        if (!bound) { bound = true; s.write(success(d[4], 0x61)); return; }
        s.write(frame(Buffer.from('garbage')));
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const client = new Client({ url: `ldap://127.0.0.1:${(server.address() as AddressInfo).port}`, timeout: 5000 });
    try {
      await client.bind('cn=x', 'y');
      client.setSaslSecurityLayer({ wrap: (b) => b, unwrap: () => { throw new Error('bad token'); } });
      await expect(client.exop('1.3.6.1.4.1.4203.1.11.3')).rejects.toThrow('bad token');
      expect(client.hasSaslSecurityLayer).toBe(false);
    } finally {
      await client.unbind().catch(() => undefined);
      await new Promise((r) => server.close(r));
    }
  });
});
