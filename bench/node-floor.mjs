#!/usr/bin/env node
// node-floor.mjs - the least a Node.js process must do to read the mesh: a TLS connection, a simple
// bind and one paged search of the same objects and attributes kcdmesh reads, every value decoded to
// a string, and nothing else (no ldapts, no plan, no output). bench/run.mjs times it beside
// `kcdmesh verify` and `ldapsearch` to separate what Node itself costs from what kcdmesh adds.
//
// Usage: node bench/node-floor.mjs BASE_DN PREFIX   (connection from KCDMESH_URL, KCDMESH_USER,
// KCDMESH_PASSWORD, KCDMESH_CA_FILE). Filter: (&(objectClass=computer)(sAMAccountName=PREFIX*)).
// With --migration-spn for PREFIX, discover's filter instead:
// (&(objectClass=computer)(servicePrincipalName=Microsoft Virtual System Migration Service/*)).
// Prints one JSON line: {"entries":N,"values":V,"pages":P,"chunks":C,"bytes":B}.
import { readFileSync } from 'node:fs';
import tls from 'node:tls';

const [baseDn, prefix] = process.argv.slice(2);
const { KCDMESH_URL: url, KCDMESH_USER: user, KCDMESH_PASSWORD: password, KCDMESH_CA_FILE: caFile } = process.env;
if (!baseDn || !prefix || !url || !user || !password) {
  console.error('usage: node bench/node-floor.mjs BASE_DN PREFIX (with KCDMESH_URL, KCDMESH_USER, KCDMESH_PASSWORD[, KCDMESH_CA_FILE])');
  process.exit(2);
}
const ATTRIBUTES = ['sAMAccountName', 'dNSHostName', 'userAccountControl', 'msDS-AllowedToDelegateTo', 'servicePrincipalName'];
const PAGED_OID = '1.2.840.113556.1.4.319';
const PAGE_SIZE = Number(process.env.KCDMESH_BENCH_PAGE_SIZE ?? 500);
// The substring the filter matches: an account name's start, or (discover) the migration service's SPNs.
const [matchAttr, matchStart] = prefix === '--migration-spn' ? ['servicePrincipalName', 'Microsoft Virtual System Migration Service/'] : ['sAMAccountName', prefix];

// ---- BER encoding: just what a bind and a paged search need
function len(n) {
  if (n < 0x80) return Buffer.from([n]);
  const bytes = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}
const tlv = (tag, ...parts) => {
  const body = Buffer.concat(parts);
  return Buffer.concat([Buffer.from([tag]), len(body.length), body]);
};
const str = (s, tag = 0x04) => tlv(tag, Buffer.isBuffer(s) ? s : Buffer.from(s, 'utf8'));
function int(n, tag = 0x02) {
  const bytes = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
  if (bytes.length === 0 || bytes[0] & 0x80) bytes.unshift(0);
  return tlv(tag, Buffer.from(bytes));
}
const message = (id, op, controls) => tlv(0x30, int(id), op, ...(controls ? [controls] : []));

const bindRequest = (id) => message(id, tlv(0x60, int(3), str(user), str(password, 0x80)));
function searchRequest(id, cookie) {
  const filter = tlv(0xa0, tlv(0xa3, str('objectClass'), str('computer')), tlv(0xa4, str(matchAttr), tlv(0x30, str(matchStart, 0x80))));
  const op = tlv(0x63, str(baseDn), int(2, 0x0a), int(0, 0x0a), int(0), int(0), tlv(0x01, Buffer.from([0])), filter, tlv(0x30, ...ATTRIBUTES.map((a) => str(a))));
  const control = tlv(0x30, str(PAGED_OID), str(tlv(0x30, int(PAGE_SIZE), str(cookie))));
  return message(id, op, tlv(0xa0, control));
}

// ---- BER decoding over one complete LDAPMessage
/** [length, offset of the contents] of the TLV whose length octets start at `o`. */
function readLen(buf, o) {
  const b = buf[o];
  if (!(b & 0x80)) return [b, o + 1];
  let v = 0;
  const n = b & 0x7f;
  for (let i = 1; i <= n; i++) v = v * 256 + buf[o + i];
  return [v, o + 1 + n];
}
/** Offset just past the TLV whose tag is at `o`. */
const tlvEnd = (buf, o) => {
  const [l, s] = readLen(buf, o + 1);
  return s + l;
};
/** Walk a SearchResultEntry (op at `o`), decoding every value; returns the number of values. */
function decodeEntry(buf, o) {
  let [, p] = readLen(buf, o + 1);
  let [dnLen, q] = readLen(buf, p + 1);
  buf.toString('utf8', q, q + dnLen);
  p = q + dnLen;
  const [attrsLen, a0] = readLen(buf, p + 1);
  let values = 0;
  for (let a = a0; a < a0 + attrsLen; ) {
    const [partLen, b0] = readLen(buf, a + 1);
    const [typeLen, t] = readLen(buf, b0 + 1);
    buf.toString('utf8', t, t + typeLen);
    const [setLen, v0] = readLen(buf, t + typeLen + 1);
    for (let v = v0; v < v0 + setLen; ) {
      const [vl, w] = readLen(buf, v + 1);
      buf.toString('utf8', w, w + vl);
      values++;
      v = w + vl;
    }
    a = b0 + partLen;
  }
  return values;
}
/** The result code and the paged-results cookie of a SearchResultDone (or a BindResponse). */
function decodeDone(buf, o, end) {
  const [opLen, p] = readLen(buf, o + 1);
  const [, r] = readLen(buf, p + 1);
  const resultCode = buf[r];
  let cookie = Buffer.alloc(0);
  let c = p + opLen;
  if (c < end && buf[c] === 0xa0) {
    const [ctlsLen, c0] = readLen(buf, c + 1);
    for (let k = c0; k < c0 + ctlsLen; ) {
      const [ctlLen, k0] = readLen(buf, k + 1);
      const [oidLen, oid0] = readLen(buf, k0 + 1);
      const oid = buf.toString('latin1', oid0, oid0 + oidLen);
      let f = oid0 + oidLen;
      if (buf[f] === 0x01) f = tlvEnd(buf, f);
      if (oid === PAGED_OID && buf[f] === 0x04) {
        const [, s0] = readLen(buf, f + 1); // OCTET STRING wrapping SEQUENCE { size, cookie }
        const [, i0] = readLen(buf, s0 + 1);
        const [intLen, i1] = readLen(buf, i0 + 1);
        const [cookieLen, k1] = readLen(buf, i1 + intLen + 1);
        cookie = Buffer.from(buf.subarray(k1, k1 + cookieLen));
      }
      k = k0 + ctlLen;
    }
  }
  return { resultCode, cookie };
}

const socket = tls.connect({ host: new URL(url).hostname, port: Number(new URL(url).port || 636), ca: caFile ? [readFileSync(caFile)] : undefined });
const stats = { entries: 0, values: 0, pages: 0, chunks: 0, bytes: 0 };
let nextId = 1;
await new Promise((resolve, reject) => {
  socket.once('error', reject);
  socket.once('secureConnect', () => socket.write(bindRequest(nextId++)));
  // Chunks are kept in a list and joined once per complete message (no copy per chunk).
  let parts = [];
  let have = 0;
  let need = -1;
  const onMessage = (buf) => {
    const [, p] = readLen(buf, 1);
    const [idLen, q] = readLen(buf, p + 1);
    const o = q + idLen;
    const op = buf[o];
    if (op === 0x64) {
      stats.entries++;
      stats.values += decodeEntry(buf, o);
    } else if (op === 0x61 || op === 0x65) {
      const { resultCode, cookie } = decodeDone(buf, o, buf.length);
      if (resultCode !== 0) return reject(new Error(`${op === 0x61 ? 'bind' : 'search'} failed: LDAP result ${resultCode}`));
      if (op === 0x65) stats.pages++;
      if (op === 0x61 || cookie.length) socket.write(searchRequest(nextId++, cookie));
      else resolve();
    }
  };
  socket.on('data', (chunk) => {
    stats.chunks++;
    stats.bytes += chunk.length;
    parts.push(chunk);
    have += chunk.length;
    for (;;) {
      if (need < 0) {
        const head = parts.length === 1 ? parts[0] : Buffer.concat(parts);
        parts = [head];
        if (head.length < 2) return;
        const n = head[1] & 0x80 ? head[1] & 0x7f : 0;
        if (head.length < 2 + n) return;
        need = tlvEnd(head, 0);
      }
      if (have < need) return;
      const all = parts.length === 1 ? parts[0] : Buffer.concat(parts, have);
      const rest = all.subarray(need);
      const msg = all.subarray(0, need);
      parts = rest.length ? [rest] : [];
      have = rest.length;
      need = -1;
      onMessage(msg);
      if (have === 0) return;
    }
  });
});
socket.end(message(nextId++, Buffer.from([0x42, 0x00])));
process.stdout.write(`${JSON.stringify(stats)}\n`);
