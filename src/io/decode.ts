/**
 * Text as common editors save it: UTF-8 with or without a BOM, UTF-16 LE/BE with a BOM, LF or CRLF.
 * Pure: bytes in, text or a reason out. Anything else is refused with a reason a user can act on,
 * never guessed (a wrong guess turns a config into different, still parseable, values).
 */
export type Decoded = { ok: true; text: string; encoding: 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'utf-16be' } | { ok: false; reason: string };

const fatalUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const fatalUtf16le = new TextDecoder('utf-16le', { fatal: true, ignoreBOM: true });

function swap16(bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(bytes.length);
  for (let i = 0; i + 1 < bytes.length; i += 2) {
    out[i] = bytes[i + 1];
    out[i + 1] = bytes[i];
  }
  return out;
}

/** CRLF and lone CR become LF, so "first line" and YAML mean the same on every platform. */
export function normaliseNewlines(text: string): string {
  return text.replace(/\r\n?/g, '\n');
}

export function decodeText(bytes: Uint8Array): Decoded {
  let text: string;
  let encoding: 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'utf-16be';
  try {
    if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
      text = fatalUtf8.decode(bytes.subarray(3));
      encoding = 'utf-8-bom';
    } else if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) {
      if (bytes.length % 2) return { ok: false, reason: 'UTF-16 text with an odd number of bytes (truncated?)' };
      text = fatalUtf16le.decode(bytes.subarray(2));
      encoding = 'utf-16le';
    } else if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) {
      if (bytes.length % 2) return { ok: false, reason: 'UTF-16 text with an odd number of bytes (truncated?)' };
      text = fatalUtf16le.decode(swap16(bytes.subarray(2)));
      encoding = 'utf-16be';
    } else {
      // UTF-16 without a BOM shows as NUL bytes between ASCII letters: say so instead of "not UTF-8".
      if (bytes.length >= 2 && (bytes[0] === 0 || bytes[1] === 0)) return { ok: false, reason: 'looks like UTF-16 without a byte-order mark' };
      text = fatalUtf8.decode(bytes);
      encoding = 'utf-8';
    }
  } catch {
    return { ok: false, reason: 'not valid UTF-8 (or UTF-16 with a byte-order mark)' };
  }
  if (text.includes('\u0000')) return { ok: false, reason: 'contains NUL characters (a binary file?)' };
  return { ok: true, text: normaliseNewlines(text), encoding };
}
