// The receive-path patch (patches/ldapts+8.2.0+002+receive-path.patch) is applied by patch-package at
// install. These checks fail loudly when ldapts is not the version the patch was written for, or when
// the patch did not apply: both would silently bring back the per-record copies and per-value Buffers.
import { afterEach, describe, expect, it, jest } from '@jest/globals';
import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as ldapts from 'ldapts';

const require = createRequire(join(process.cwd(), 'package.json'));
const ldaptsRoot = join(dirname(require.resolve('ldapts')), '..');
const PATCH = 'ldapts+8.2.0+002+receive-path.patch';

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

describe('ldapts receive-path patch', () => {
  afterEach(() => {
    jest.restoreAllMocks();
  });

  it('is installed on the ldapts version it was written for', () => {
    const { version } = JSON.parse(readFileSync(join(ldaptsRoot, 'package.json'), 'utf8')) as { version: string };
    const patches = readdirSync(join(process.cwd(), 'patches')).filter((f) => f.startsWith('ldapts+'));
    // A new ldapts needs the patch re-made (npx patch-package ldapts --append receive-path) and renamed.
    expect({ version, patch: patches.includes(PATCH) }).toEqual({ version: '8.2.0', patch: true });
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
