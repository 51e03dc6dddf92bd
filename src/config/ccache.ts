import { readFile } from 'node:fs/promises';

/**
 * The realm of the default principal in the caller's credential cache, to find the domain's DCs when
 * neither --url nor --domain is given. Only FILE: caches can be read without the Kerberos library; on
 * Windows the logged-on user's domain is in USERDNSDOMAIN. Null when it cannot be told.
 */
export async function ticketRealm(env: NodeJS.ProcessEnv, uid: number | null, read: (p: string) => Promise<Buffer> = readFile): Promise<string | null> {
  if (env.USERDNSDOMAIN) return env.USERDNSDOMAIN;
  const name = env.KRB5CCNAME ?? (uid === null ? '' : `FILE:/tmp/krb5cc_${uid}`);
  const path = name.startsWith('FILE:') ? name.slice(5) : name.includes(':') ? '' : name;
  if (!path) return null;
  try {
    return parseCcacheRealm(await read(path));
  } catch {
    return null;
  }
}

/** The default principal's realm from an MIT ccache file (format versions 3 and 4, big-endian). */
export function parseCcacheRealm(buf: Buffer): string | null {
  if (buf.length < 4 || buf[0] !== 5 || (buf[1] !== 3 && buf[1] !== 4)) return null;
  let off = 2;
  if (buf[1] === 4) off += 2 + buf.readUInt16BE(2);
  // principal: name type (4), component count (4), realm (4-byte length + bytes), components
  off += 4;
  off += 4;
  const len = buf.readUInt32BE(off);
  off += 4;
  if (len === 0 || off + len > buf.length) return null;
  return buf.subarray(off, off + len).toString('utf8');
}
