import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { cli, createHosts, deleteHosts, fqdnOf } from '../lab/lab.js';
import { BADOPTION, KdcLab, requireKerberosTools, type Run } from '../lab/kdc/kdc.js';

/*
 * What `kcdmesh apply` writes, proved with real Kerberos exchanges at the lab DC's KDC (Samba's
 * Heimdal KDC, MIT client tools): for every ordered pair A -> B of the mesh the KDC issues A a
 * ticket to cifs/B and cifs/b.lab.test on the user's behalf, and that ticket decrypts with B's
 * keys; outside the mesh it refuses with KDC_ERR_BADOPTION.
 *
 * Only cifs is proved here. Samba's KDC cannot look up any SPN containing a space, so the
 * "Microsoft Virtual System Migration Service/..." values cannot be exercised in this lab (a
 * Windows DC would be needed); they are checked by LDAP only (`kcdmesh verify`, and
 * mesh.test.ts reads them back). The last test pins that limitation: if a newer Samba can look
 * those SPNs up, it fails, and the proof should be extended to them.
 */

const MESH = ['KDC01', 'KDC02', 'KDC03'];
const OUTSIDE = 'KDC04'; // a real host with keys, never in the mesh
const MV = 'Microsoft Virtual System Migration Service';
const OUT = 'proxy';

let lab: KdcLab;

beforeAll(async () => {
  requireKerberosTools();
  lab = new KdcLab('kdc-alice', 'Al1ce!Kdc-Pass');
  await createHosts([...MESH, OUTSIDE]);
  await lab.addHosts([...MESH, OUTSIDE]);
  await lab.addUser();
});

// Leave no keyed hosts or user behind for the test files that run after this one.
afterAll(async () => {
  await lab?.close();
  if (!process.env.KCDMESH_LAB_KEEP) await deleteHosts([...MESH, OUTSIDE]);
});

function pairs(): Array<[string, string]> {
  return MESH.flatMap((a) => MESH.filter((b) => b !== a).map((b): [string, string] => [a, b]));
}

function cifs(host: string): string[] {
  return [`cifs/${host}`, `cifs/${fqdnOf(host)}`];
}

/**
 * One line per request, for one readable diff of every pair. Success is decided by exit codes
 * only (kvno prints the S4U2Self line even when the proxy step fails): the KDC issued the ticket
 * (exit 0) and it decrypts with the long-term keys of `owner`, the computer the SPN belongs to
 * (exit 0). A refusal is exit 1 with the KDC's BADOPTION text; anything else is reported whole.
 */
function outcome(issued: Run, owner: string, target: string): string {
  if (issued.code === 0) {
    const valid = lab.decrypts(lab.cc(OUT), target, owner);
    return valid.code === 0 ? `ticket valid for ${owner}` : `issued but not valid for ${owner}: ${valid.out}`;
  }
  if (issued.code === 1 && issued.out.includes(BADOPTION)) return 'refused: BADOPTION';
  return `failed (exit ${issued.code}): ${issued.out}`;
}

/** The next host of the mesh: a peer of `host` whose HOST/ SPN is never listed. */
function peer(host: string): string {
  return MESH[(MESH.indexOf(host) + 1) % MESH.length];
}

async function applyMode(mode: string): Promise<void> {
  const r = await cli(['apply', ...MESH, '--mode', mode, '--yes']);
  expect({ code: r.code, stderr: r.stderr }).toMatchObject({ code: 0 });
}

async function verifiedByLdap(mode: string): Promise<void> {
  const v = await cli(['verify', ...MESH, '--mode', mode]);
  expect(v.stdout).toContain('every pair trusted both ways');
  expect(v.code).toBe(0);
}

describe('any-protocol mode at the KDC (S4U2Self + S4U2Proxy)', () => {
  beforeAll(async () => {
    await applyMode('any-protocol');
    for (const h of [...MESH, OUTSIDE]) lab.hostTgt(h);
  });

  it('issues every mesh host a ticket to both cifs names of every other host, valid for that host', () => {
    const got: string[] = [];
    const want: string[] = [];
    for (const [a, b] of pairs()) {
      for (const spn of cifs(b)) {
        got.push(`${a} -> ${spn}: ${outcome(lab.s4u(a, spn, lab.cc(OUT)), b, spn)}`);
        want.push(`${a} -> ${spn}: ticket valid for ${b}`);
      }
    }
    expect(got).toEqual(want);
    expect(got).toHaveLength(12);
  });

  it('refuses pairs outside the mesh with BADOPTION', () => {
    const cases: Array<[string, string, string]> = [
      ...MESH.flatMap((a) => cifs(OUTSIDE).map((spn): [string, string, string] => [a, spn, OUTSIDE])), // target not in the mesh
      ...MESH.map((a): [string, string, string] => [a, `HOST/${peer(a)}`, peer(a)]), // service class not listed
      ...cifs('KDC01').map((spn): [string, string, string] => [OUTSIDE, spn, 'KDC01']), // delegator not in the mesh
    ];
    const got = cases.map(([a, spn, owner]) => `${a} -> ${spn}: ${outcome(lab.s4u(a, spn, lab.cc(OUT)), owner, spn)}`);
    expect(got).toEqual(cases.map(([a, spn]) => `${a} -> ${spn}: refused: BADOPTION`));
  });

  it('checks the keys, not just the exit code: a ticket for KDC02 does not decrypt with KDC03 keys', () => {
    expect(lab.s4u('KDC01', 'cifs/KDC02', lab.cc(OUT)).code).toBe(0);
    expect(lab.decrypts(lab.cc(OUT), 'cifs/KDC02', 'KDC03').code).not.toBe(0);
  });

  it('passes the LDAP verify, which also covers the migration-service values', () => verifiedByLdap('any-protocol'));
});

describe('kerberos-only mode at the KDC (a real forwardable user ticket as evidence)', () => {
  const evidence = (host: string): string => `HOST/${fqdnOf(host)}`;

  beforeAll(async () => {
    await applyMode('kerberos-only');
    for (const h of [...MESH, OUTSIDE]) lab.hostTgt(h);
    const spns = [...MESH, OUTSIDE].map(evidence);
    lab.userTickets('user', true, spns);
    lab.userTickets('user-nf', false, spns);
  });

  it('refuses the S4U2Self path (protocol transition) for every pair with BADOPTION', () => {
    const got: string[] = [];
    const want: string[] = [];
    for (const [a, b] of pairs()) {
      for (const spn of cifs(b)) {
        got.push(`${a} -> ${spn}: ${outcome(lab.s4u(a, spn, lab.cc(OUT)), b, spn)}`);
        want.push(`${a} -> ${spn}: refused: BADOPTION`);
      }
    }
    expect(got).toEqual(want);
  });

  it('issues every mesh host a ticket to both cifs names of every other host from the user ticket, valid for that host', () => {
    const got: string[] = [];
    const want: string[] = [];
    for (const [a, b] of pairs()) {
      for (const spn of cifs(b)) {
        got.push(`${a} -> ${spn}: ${outcome(lab.proxyWithEvidence(a, 'user', evidence(a), spn, lab.cc(OUT)), b, spn)}`);
        want.push(`${a} -> ${spn}: ticket valid for ${b}`);
      }
    }
    expect(got).toEqual(want);
    expect(got).toHaveLength(12);
  });

  it('refuses pairs outside the mesh and non-forwardable evidence with BADOPTION', () => {
    const got = [
      ...cifs(OUTSIDE).map((spn) => `KDC01 -> ${spn}: ${outcome(lab.proxyWithEvidence('KDC01', 'user', evidence('KDC01'), spn, lab.cc(OUT)), OUTSIDE, spn)}`),
      `KDC01 -> HOST/KDC02: ${outcome(lab.proxyWithEvidence('KDC01', 'user', evidence('KDC01'), 'HOST/KDC02', lab.cc(OUT)), 'KDC02', 'HOST/KDC02')}`,
      `${OUTSIDE} -> cifs/KDC01: ${outcome(lab.proxyWithEvidence(OUTSIDE, 'user', evidence(OUTSIDE), 'cifs/KDC01', lab.cc(OUT)), 'KDC01', 'cifs/KDC01')}`,
      `KDC01 -> cifs/KDC02 (not forwardable): ${outcome(lab.proxyWithEvidence('KDC01', 'user-nf', evidence('KDC01'), 'cifs/KDC02', lab.cc(OUT)), 'KDC02', 'cifs/KDC02')}`,
    ];
    expect(got).toEqual([
      `KDC01 -> cifs/${OUTSIDE}: refused: BADOPTION`,
      `KDC01 -> cifs/${fqdnOf(OUTSIDE)}: refused: BADOPTION`,
      'KDC01 -> HOST/KDC02: refused: BADOPTION',
      `${OUTSIDE} -> cifs/KDC01: refused: BADOPTION`,
      'KDC01 -> cifs/KDC02 (not forwardable): refused: BADOPTION',
    ]);
  });

  it('passes the LDAP verify, which also covers the migration-service values', () => verifiedByLdap('kerberos-only'));
});

describe('what this lab cannot prove', () => {
  it("Samba's KDC cannot look up the migration-service SPN, so those values are checked by LDAP only", () => {
    lab.userTickets('plain', true, []);
    const r = lab.run('kvno', ['-c', lab.cc('plain'), `${MV}/${fqdnOf('KDC02')}`]);
    expect(r.code).not.toBe(0);
    expect(r.out).toContain('Server not found in Kerberos database');
  });
});
