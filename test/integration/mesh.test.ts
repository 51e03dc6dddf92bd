import { beforeEach, describe, expect, it } from '@jest/globals';
import { cli, createHosts, deleteHosts, fqdnOf, readHost, setUac } from '../lab/lab.js';

const MV = 'Microsoft Virtual System Migration Service';
const HOSTS = ['MESH01', 'MESH02', 'MESH03'];

/** The four values `from` needs for `to`, in kcdmesh's spelling. */
function valuesFor(to: string): string[] {
  return [`cifs/${to}`, `cifs/${fqdnOf(to)}`, `${MV}/${to}`, `${MV}/${fqdnOf(to)}`];
}

function lower(values: string[]): string[] {
  return values.map((v) => v.toLowerCase()).sort();
}

describe('plan -> apply -> plan again (check, change, no change)', () => {
  beforeEach(() => createHosts(HOSTS));

  it('writes every value in both directions and then has nothing left to do', async () => {
    const check = await cli(['plan', ...HOSTS]);
    expect(check.code).toBe(2);
    expect(check.stdout).toContain('Plan: 24 to add, 0 to remove, 0 flag changes, on 3 of 3 hosts.');

    const applied = await cli(['apply', ...HOSTS, '--yes']);
    expect(applied.stderr).toMatch(/^kcdmesh: backup: \S+\nkcdmesh: MESH01: written \(\+8 -0\)\nkcdmesh: MESH02: written \(\+8 -0\)\nkcdmesh: MESH03: written \(\+8 -0\)\n$/);
    expect(applied.code).toBe(0);
    expect(applied.stdout).toContain('Verified: 3 hosts, 6 directed pairs, every pair trusted both ways (kerberos-only).');

    for (const h of HOSTS) {
      const peers = HOSTS.filter((p) => p !== h);
      expect(lower((await readHost(h)).values)).toEqual(lower(peers.flatMap(valuesFor)));
    }

    const again = await cli(['plan', ...HOSTS]);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('No changes. The mesh of 3 hosts is in sync.');
    const verify = await cli(['verify', ...HOSTS]);
    expect(verify.code).toBe(0);
  });

  it('accepts FQDNs, --hosts, any case and a trailing $ for the same hosts', async () => {
    const r = await cli(['apply', fqdnOf('MESH01').toUpperCase(), 'mesh02$', '--hosts', 'Mesh03', '--yes']);
    expect(r.code).toBe(0);
    expect((await readHost('MESH03')).values).toHaveLength(8);
  });
});

describe('values kcdmesh does not manage', () => {
  it('keeps foreign and three-part values, and counts mixed-case values as present', async () => {
    const foreign = ['cifs/fileserver01.lab.test', 'MSSQLSvc/sql01.lab.test:1433', 'cifs/dc1.lab.test/lab.test', 'HOST/MESH02'];
    const mixed = ['CIFS/MESH02.LAB.TEST', 'microsoft virtual system migration service/mesh02'];
    await createHosts(HOSTS);
    await createHosts(['MESH01'], { values: [...foreign, ...mixed] });

    const plan = await cli(['plan', ...HOSTS, '--output', 'json']);
    const mesh01 = JSON.parse(plan.stdout).plan.hosts.find((h: { host: string }) => h.host === 'MESH01');
    expect(lower(mesh01.add)).toEqual(lower([`cifs/MESH02`, `${MV}/${fqdnOf('MESH02')}`, ...valuesFor('MESH03')]));
    expect(mesh01.remove).toEqual([]);

    expect((await cli(['apply', ...HOSTS, '--yes'])).code).toBe(0);
    const after = (await readHost('MESH01')).values;
    for (const v of [...foreign, ...mixed]) expect(after).toContain(v);
    // No case-variant duplicate was added next to the stored spelling.
    expect(after.filter((v) => v.toLowerCase() === 'cifs/mesh02.lab.test')).toEqual(['CIFS/MESH02.LAB.TEST']);
    expect(after).toHaveLength(foreign.length + 8);
  });

  it('says a value stored with blanks around it delegates nothing (verify exits 2), and writes no twin beside it that a later delete could take for it', async () => {
    const padded = ` cifs/${fqdnOf('MESH03')} `;
    await createHosts(HOSTS);
    expect((await cli(['apply', ...HOSTS, '--yes'])).code).toBe(0);
    const others = valuesFor('MESH02').concat(valuesFor('MESH03').filter((v) => v !== `cifs/${fqdnOf('MESH03')}`));
    await createHosts(['MESH01'], { values: [...others, padded] });

    const v = await cli(['verify', ...HOSTS, '--output', 'json']);
    expect(v.code).toBe(2);
    expect(JSON.parse(v.stdout).findings.filter((f: { kind: string }) => f.kind === 'padded-value')).toEqual([expect.objectContaining({ kind: 'padded-value', severity: 'error', host: 'MESH01', value: padded })]);
    expect((await cli(['verify', ...HOSTS])).stdout).toContain(`MESH01 holds ${JSON.stringify(padded)} with blanks around it`);
    // Samba deletes a value that differs only in blanks as if it were the same: no exact twin is added
    const plan = JSON.parse((await cli(['plan', ...HOSTS, '--output', 'json'])).stdout).plan.hosts.find((h: { host: string }) => h.host === 'MESH01');
    expect([plan.add, plan.remove]).toEqual([[], []]);
    await cli(['apply', ...HOSTS, '--yes']);
    expect((await readHost('MESH01')).values.sort()).toEqual([...others, padded].sort());
  });
});

describe('delegation mode and flags', () => {
  beforeEach(() => createHosts(HOSTS));

  it('sets protocol transition for any-protocol and clears it again for kerberos-only', async () => {
    const any = await cli(['apply', ...HOSTS, '--mode', 'any-protocol', '--yes']);
    expect(any.code).toBe(0);
    for (const h of HOSTS) expect((await readHost(h)).uac).toBe(0x1001000);

    // Without --mode verify imposes none: a mesh that agrees on any-protocol is clean (issue 12).
    const verifyAny = await cli(['verify', ...HOSTS]);
    expect(verifyAny.code).toBe(0);
    expect(verifyAny.stdout).toContain('Use any authentication protocol');

    const verifyKerberos = await cli(['verify', ...HOSTS, '--mode', 'kerberos-only']);
    expect(verifyKerberos.code).toBe(2);
    expect(verifyKerberos.stdout).toContain('error: MESH01 is in any-protocol mode, the mesh wants kerberos-only');

    const back = await cli(['apply', ...HOSTS, '--yes']);
    expect(back.code).toBe(0);
    expect(back.stdout).toContain('~ userAccountControl 0x1001000 -> 0x1000 (clear TRUSTED_TO_AUTH_FOR_DELEGATION (any protocol))');
    for (const h of HOSTS) expect((await readHost(h)).uac).toBe(0x1000);
  });

  it('clears unconstrained delegation and leaves other UAC bits alone', async () => {
    await setUac('MESH02', 0x1000 | 0x80000 | 0x10000); // + DONT_EXPIRE_PASSWORD
    const verify = await cli(['verify', ...HOSTS]);
    expect(verify.code).toBe(2);
    expect(verify.stdout).toContain('CRITICAL: MESH02 is trusted for delegation to any service (Kerberos only), unconstrained');
    expect((await cli(['apply', ...HOSTS, '--yes'])).code).toBe(0);
    expect((await readHost('MESH02')).uac).toBe(0x1000 | 0x10000);
  });

  it('states the mode and its trade-off in plan and verify', async () => {
    for (const cmd of ['plan', 'verify']) {
      const r = await cli([cmd, ...HOSTS, '--mode', 'any-protocol']);
      expect(r.stdout).toContain('Mode: any-protocol ("Use any authentication protocol")');
      expect(r.stdout).toContain('remote moves started from another machine on Windows Server 2016+ need any-protocol');
    }
  });
});

describe('more hosts than one filter names (several searches in flight at once)', () => {
  // 140 names are three filters (64, 64, 12), sent together: the hosts come back whole and in the order named.
  const MANY = Array.from({ length: 140 }, (_, i) => `WIDE${String(i + 1).padStart(3, '0')}`);
  const named = [...MANY.slice(70), ...MANY.slice(0, 70)]; // not the directory's order

  it('reads every host of every filter, in the order named; names a host missing from a later filter, and one named twice across filters', async () => {
    await createHosts(MANY, { values: [] });
    try {
      const plan = await cli(['plan', ...named, '--output', 'json', '--stats']);
      expect(plan.code).toBe(2);
      expect(plan.stderr).toContain('LDAP requests: 4 searches, 0 modifies'); // three filters and sPNMappings
      const hosts = JSON.parse(plan.stdout).plan.hosts as Array<{ host: string; add: string[] }>;
      expect(hosts.map((h) => h.host)).toEqual(named);
      expect(hosts.every((h) => h.add.length === 4 * 139)).toBe(true);

      const missing = await cli(['plan', ...named.slice(0, 100), 'WIDE999', ...named.slice(100)]);
      expect(missing.code).toBe(1);
      expect(missing.stderr).toContain('WIDE999');
      expect(missing.stdout).toBe('');

      // the same computer by its name in the first filter and by its FQDN in the third: one computer, named twice
      const twice = await cli(['plan', ...named, fqdnOf(named[0]!)]);
      expect(twice.code).toBe(1);
      expect(twice.stderr).toContain(`kcdmesh: error: "${fqdnOf(named[0]!)}" and "${named[0]}" are the same computer (${named[0]})`);
      expect(twice.stdout).toBe('');
    } finally {
      await deleteHosts(MANY);
    }
  }, 120_000);
});
