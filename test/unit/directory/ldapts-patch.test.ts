import { readdirSync, readFileSync } from 'node:fs';
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it, jest } from '@jest/globals';
import * as ldapts from 'ldapts';
import { BerReader, BindRequest, BindResponse, Client } from 'ldapts';

/**
 * patches/ changes ldapts 8.2.0 in three steps, applied in order by patch-package at install:
 * 001 sasl-gssapi (binary SASL credentials, a SASL security layer), 002 receive-path (each message
 * joined once, text values decoded without a Buffer each) and 003 entries-as-they-arrive (a search
 * hands each entry to a callback instead of collecting them). These tests fail loudly when another ldapts
 * is installed or a patch is missing: either would silently bring back what the patches remove.
 */
const require = createRequire(import.meta.url);
const ldaptsRoot = join(dirname(require.resolve('ldapts')), '..');
const PATCHED_FOR = '8.2.0';
const PATCHES = [`ldapts+${PATCHED_FOR}+001+sasl-gssapi.patch`, `ldapts+${PATCHED_FOR}+002+receive-path.patch`, `ldapts+${PATCHED_FOR}+003+entries-as-they-arrive.patch`];

describe('the installed ldapts is the one the patches were made for, patched', () => {
  it(`is ldapts ${PATCHED_FOR}, with its patches in patches/`, () => {
    const pkg = JSON.parse(readFileSync(join(ldaptsRoot, 'package.json'), 'utf8')) as { version: string };
    // A new ldapts needs each patch re-made on top of the one before (npx patch-package ldapts --append <name>) and renamed.
    if (pkg.version !== PATCHED_FOR) throw new Error(`ldapts ${pkg.version} is installed, but patches/${PATCHES.join(' and ')} were made for ${PATCHED_FOR}: port the patches, rename them, and update this test`);
    const present = readdirSync(join(dirname(new URL(import.meta.url).pathname), '..', '..', '..', 'patches')).filter((f) => f.startsWith('ldapts+'));
    expect(present.sort()).toEqual(PATCHES);
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

/** One LDAP SearchResultEntry message with the given attributes. */
function searchEntry(id: number, dn: string, attributes: Array<[string, Array<string | Buffer>]>): Buffer {
  const w = new ldapts.BerWriter();
  w.startSequence();
  w.writeInt(id);
  w.startSequence(0x64);
  w.writeString(dn);
  w.startSequence();
  for (const [type, values] of attributes) {
    w.startSequence();
    w.writeString(type);
    w.startSequence(0x31);
    for (const v of values) {
      if (Buffer.isBuffer(v)) w.writeBuffer(v, 0x04);
      else w.writeString(v);
    }
    w.endSequence();
    w.endSequence();
  }
  w.endSequence();
  w.endSequence();
  w.endSequence();
  return w.buffer;
}

/** Feed `data` to a fresh MessageParser in chunks of `size` bytes; the messages it emits. */
function parse(data: Buffer, size: number): ldapts.SearchEntry[] {
  const parser = new ldapts.MessageParser();
  const messages: ldapts.SearchEntry[] = [];
  parser.on('message', (m) => messages.push(m as ldapts.SearchEntry));
  parser.on('error', (e) => {
    throw e;
  });
  for (let i = 0; i < data.length; i += size) parser.read(data.subarray(i, i + size), new Map());
  return messages;
}

const bom = Buffer.from([0xef, 0xbb, 0xbf, 0x41]);
const illFormed = Buffer.from([0x41, 0xff, 0x42]);
const many = Array.from({ length: 1000 }, (_, i) => `cifs/hv${i}.lab.test`);
const stream = Buffer.concat([
  searchEntry(7, 'CN=HV01', [['cn', ['HV01', 'ünï', '']], ['x', [bom, illFormed, 'ok\ufffd']], ['objectGUID;binary', [Buffer.from([0, 1, 2])]]]),
  searchEntry(8, 'CN=HV02', [['msDS-AllowedToDelegateTo', many]]),
]);

describe('the receive path (002)', () => {
  afterEach(() => {
    jest.restoreAllMocks();
  });

  it('is applied to both builds and to the shipped sources', () => {
    const cjs = require('ldapts') as typeof ldapts;
    expect(typeof ldapts.BerReader.prototype.readUtf8OrBytes).toBe('function');
    expect(typeof cjs.BerReader.prototype.readUtf8OrBytes).toBe('function');
    expect(readFileSync(join(ldaptsRoot, 'src/ber/BerReader.ts'), 'utf8')).toContain('public readUtf8OrBytes(');
    expect(readFileSync(join(ldaptsRoot, 'src/MessageParser.ts'), 'utf8')).toContain('private pendingBytes = 0;');
    expect(readFileSync(join(ldaptsRoot, 'src/Attribute.ts'), 'utf8')).toContain('private rawValues?: Map<number, Buffer>;');
  });

  it('joins the chunks of a message once, not once per chunk', () => {
    const big = searchEntry(9, 'CN=HV03', [['msDS-AllowedToDelegateTo', many]]);
    expect(big.length).toBeGreaterThan(20 * 1024);
    const concat = jest.spyOn(Buffer, 'concat');
    expect(parse(big, 1024)).toHaveLength(1);
    // unpatched: one Buffer.concat per 1 KiB record (about 25 here)
    expect(concat.mock.calls.length).toBe(1);
  });

  it.each([1, 3, 5, 1024, stream.length])('decodes the same values as before in chunks of %i bytes', (size) => {
    const [a, b] = parse(stream, size);
    expect(a?.attributes.map((t) => [t.type, t.values])).toEqual([
      ['cn', ['HV01', 'ünï', '']],
      ['x', ['A', illFormed, 'ok\ufffd']], // a BOM is dropped, ill-formed UTF-8 stays bytes, as unpatched
      ['objectGUID;binary', [Buffer.from([0, 1, 2])]],
    ]);
    expect(b?.attributes[0]?.values).toEqual(many);
    // the bytes of every value, as received
    expect(a?.attributes[1]?.parsedBuffers).toEqual([bom, illFormed, Buffer.from('ok\ufffd')]);
    expect(a?.attributes[0]?.parsedBuffers).toEqual([Buffer.from('HV01'), Buffer.from('ünï'), Buffer.alloc(0)]);
    expect(a?.toObject([], ['cn'])['cn']).toEqual([Buffer.from('HV01'), Buffer.from('ünï'), Buffer.alloc(0)]);
  });

  it('keeps no Buffer per text value', () => {
    const [, b] = parse(stream, 1024);
    const attribute = b?.attributes[0] as unknown as Record<string, unknown>;
    expect(Object.values(attribute).filter((v) => Array.isArray(v) && v.some((x) => Buffer.isBuffer(x)))).toEqual([]);
  });
});

/** A SearchResultDone for message `id` (< 128), success, with a paged-results control carrying `cookie`. */
function pageDone(id: number, cookie: string): Buffer {
  const value = new ldapts.BerWriter();
  value.startSequence();
  value.writeInt(0);
  value.writeString(cookie);
  value.endSequence();
  const w = new ldapts.BerWriter();
  w.startSequence();
  w.writeInt(id);
  w.startSequence(0x65);
  w.writeEnumeration(0);
  w.writeString('');
  w.writeString('');
  w.endSequence();
  w.startSequence(0xa0);
  w.startSequence();
  w.writeString('1.2.840.113556.1.4.319');
  w.writeBuffer(value.buffer, 0x04);
  w.endSequence();
  w.endSequence();
  w.endSequence();
  return w.buffer;
}

/**
 * A server answering a simple bind, then each paged search with the next of `pages` (entries by DN),
 * the last page with an empty cookie. Returns the client's URL and how many searches it received.
 */
async function pagedServer(pages: string[][]): Promise<{ url: string; searches: () => number; close: () => Promise<void> }> {
  let searches = 0;
  const server = createServer((s: Socket) => {
    s.on('data', (d: Buffer) => {
      // one request per chunk here: [0x30, len, 0x02, 0x01, id, op, ...]
      const id = d[4] as number;
      if (d[5] === 0x60) s.write(success(id, 0x61));
      if (d[5] !== 0x63) return;
      const page = pages[searches] ?? [];
      searches++;
      const cookie = searches < pages.length ? `page${searches}` : '';
      s.write(Buffer.concat([...page.map((dn) => searchEntry(id, dn, [['cn', [dn.slice(3)]]])), pageDone(id, cookie)]));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `ldap://127.0.0.1:${(server.address() as AddressInfo).port}`,
    searches: () => searches,
    close: () => new Promise((r) => server.close(() => r())),
  };
}

describe('entries as they arrive (003)', () => {
  const pages = [['CN=HV01', 'CN=HV02'], ['CN=HV03'], ['CN=HV04', 'CN=HV05']];

  /** Run `body` with a client bound to a fresh pagedServer(pages); both are closed afterwards. */
  async function withPagedClient(body: (client: Client, searches: () => number) => Promise<void>): Promise<void> {
    const server = await pagedServer(pages);
    const client = new Client({ url: server.url, timeout: 5000 });
    try {
      await client.bind('cn=x', 'y');
      await body(client, server.searches);
    } finally {
      await client.unbind().catch(() => undefined);
      await server.close();
    }
  }

  it('is applied to both builds and to the shipped sources', () => {
    const cjs = require('ldapts') as typeof ldapts;
    for (const Klass of [ldapts.Client, cjs.Client]) expect(Klass.prototype['_sendSearch' as keyof Client].toString()).toContain('onEntry');
    expect(readFileSync(join(ldaptsRoot, 'src/Client.ts'), 'utf8')).toContain('onEntry?: (entry: Entry) => void;');
  });

  it.each(['search', 'searchPaginated'] as const)('%s hands every entry of every page to onEntry, in order, and collects none', (how) =>
    withPagedClient(async (client, searches) => {
      const got: Array<[string, unknown]> = [];
      const options = { paged: { pageSize: 2 }, onEntry: (e: ldapts.Entry) => got.push([e.dn, e['cn']]) };
      const collected: number[] = [];
      if (how === 'search') collected.push((await client.search('DC=lab', options)).searchEntries.length);
      else for await (const page of client.searchPaginated('DC=lab', options)) collected.push(page.searchEntries.length);
      expect(got).toEqual(pages.flat().map((dn) => [dn, dn.slice(3)]));
      expect(collected.every((n) => n === 0)).toBe(true);
      expect(searches()).toBe(3);
    }));

  it('without onEntry, collects the entries as before', () =>
    withPagedClient(async (client) => {
      const { searchEntries } = await client.search('DC=lab', { paged: { pageSize: 2 } });
      expect(searchEntries.map((e) => e.dn)).toEqual(pages.flat());
    }));

  it('fails the search with the error onEntry throws, and asks for no further page', () =>
    withPagedClient(async (client, searches) => {
      const seen: string[] = [];
      const onEntry = (e: ldapts.Entry): void => {
        seen.push(e.dn);
        if (e.dn === 'CN=HV02') throw new Error('no room for HV02');
      };
      await expect(client.search('DC=lab', { paged: { pageSize: 2 }, onEntry })).rejects.toThrow('no room for HV02');
      expect(seen).toEqual(['CN=HV01', 'CN=HV02']);
      expect(searches()).toBe(1);
    }));
});
