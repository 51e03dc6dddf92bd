import { execFileSync } from 'node:child_process';
import { mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { decodeText } from '../../../src/io/decode.js';
import { readTextFile } from '../../../src/io/read-file.js';
import { FileReadError } from '../../../src/io/read-errors.js';
import { refusal } from './refusal.js';

const tmp = mkdtempSync(join(tmpdir(), 'kcdmesh-read-'));
const put = (name: string, data: string | Buffer): string => {
  const p = join(tmp, name);
  writeFileSync(p, data);
  return p;
};

const refused = (p: Promise<unknown>): Promise<FileReadError> => refusal(p, FileReadError);

describe('decodeText', () => {
  const utf16 = (s: string, be: boolean): Buffer => {
    const le = Buffer.from(s, 'utf16le');
    const body = be ? Buffer.from(le.map((_, i) => le[i ^ 1])) : le;
    return Buffer.concat([Buffer.from(be ? [0xfe, 0xff] : [0xff, 0xfe]), body]);
  };
  it('reads UTF-8, UTF-8 with BOM, UTF-16 LE and BE, and CRLF as LF', () => {
    expect(decodeText(Buffer.from('a: 1\r\nb: é\r\n'))).toEqual({ ok: true, text: 'a: 1\nb: é\n', encoding: 'utf-8' });
    expect(decodeText(Buffer.from('\uFEFFa: 1\r\n'))).toEqual({ ok: true, text: 'a: 1\n', encoding: 'utf-8-bom' });
    expect(decodeText(utf16('a: é\r\n', false))).toEqual({ ok: true, text: 'a: é\n', encoding: 'utf-16le' });
    expect(decodeText(utf16('a: é\r\n', true))).toEqual({ ok: true, text: 'a: é\n', encoding: 'utf-16be' });
  });
  it('refuses invalid UTF-8, UTF-16 without BOM, odd UTF-16 and NUL bytes, saying why', () => {
    expect(decodeText(Buffer.from([0x61, 0xff, 0x62]))).toEqual({ ok: false, reason: expect.stringMatching(/not valid UTF-8/) });
    expect(decodeText(Buffer.from('a: 1', 'utf16le'))).toEqual({ ok: false, reason: expect.stringMatching(/UTF-16 without a byte-order mark/) });
    expect(decodeText(Buffer.from([0xff, 0xfe, 0x61]))).toEqual({ ok: false, reason: expect.stringMatching(/odd number of bytes/) });
    expect(decodeText(Buffer.from('ab\u0000cd'))).toEqual({ ok: false, reason: expect.stringMatching(/NUL/) });
  });
});

describe('readTextFile', () => {
  it('reads a regular file, and one behind a symbolic link', async () => {
    const p = put('ok.yaml', '\uFEFFservices: [cifs]\r\n');
    symlinkSync(p, join(tmp, 'link.yaml'));
    expect(await readTextFile(p, 'config')).toBe('services: [cifs]\n');
    expect(await readTextFile(join(tmp, 'link.yaml'), 'config')).toBe('services: [cifs]\n');
  });

  it('refuses a FIFO at once instead of waiting for a writer', async () => {
    const fifo = join(tmp, 'fifo');
    execFileSync('mkfifo', [fifo]);
    const started = Date.now();
    const e = await refused(readTextFile(fifo, 'password'));
    expect(Date.now() - started).toBeLessThan(2000);
    expect(e.code).toBe('not-regular');
    expect(e.message).toBe(`cannot read password file ${fifo}: it is a FIFO (named pipe), not a regular file`);
  });

  it.each([
    ['/dev/zero', 'character device'],
    ['/dev/null', 'character device'],
    [tmpdir(), 'directory'],
  ])('refuses %s (%s)', async (path, word) => {
    const e = await refused(readTextFile(path, 'config'));
    expect(e.message).toContain(`it is a ${word}, not a regular file`);
    expect(e.hint).toMatch(/YAML or JSON config/);
  });

  it('refuses a file over the cap of its kind without reading it all', async () => {
    const big = put('big.yaml', Buffer.alloc(4 * 1024 * 1024 + 1, 0x61));
    const e = await refused(readTextFile(big, 'config'));
    expect(e.code).toBe('too-large');
    expect(e.message).toBe(`config ${big} is larger than 4 MiB, more than any real config`);
    const pw = put('pw', 'x'.repeat(64 * 1024 + 1));
    expect((await refused(readTextFile(pw, 'password'))).code).toBe('too-large');
  });

  it('names a missing file and refuses an encoding it cannot read', async () => {
    const e = await refused(readTextFile(join(tmp, 'nope'), 'ca'));
    expect(e.message).toBe(`cannot read CA file ${join(tmp, 'nope')} (no such file or directory, ENOENT)`);
    const bad = put('latin1.yaml', Buffer.from([0x61, 0xe9, 0x0a]));
    const enc = await refused(readTextFile(bad, 'config'));
    expect(enc.code).toBe('encoding');
    expect(enc.hint).toMatch(/save it as UTF-8/);
  });
});
