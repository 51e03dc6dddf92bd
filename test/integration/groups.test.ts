import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from '@jest/globals';
import { cli, createHosts, deleteHosts, ensureOu, fqdnOf, readHost, withAdmin } from '../lab/lab.js';

const MV = 'Microsoft Virtual System Migration Service';
const TEMPLATES = join(new URL('.', import.meta.url).pathname, '..', '..', 'templates');
const work = mkdtempSync(join(tmpdir(), 'kcdmesh-groups-'));

/** A shipped template, pointed at the lab domain instead of example.com. */
function template(name: string): string {
  const file = join(work, name);
  writeFileSync(file, readFileSync(join(TEMPLATES, name), 'utf8').replaceAll('DC=example,DC=com', 'DC=lab,DC=test').replaceAll('example.com', 'lab.test'));
  return file;
}

function config(name: string, yaml: string): string {
  const file = join(work, name);
  writeFileSync(file, yaml);
  return file;
}

const all = (to: string, services = ['cifs', MV]): string[] => services.flatMap((s) => [`${s}/${to}`, `${s}/${fqdnOf(to)}`]);
const sorted = (v: string[]): string[] => v.map((x) => x.toLowerCase()).sort();

async function targetsOf(host: string): Promise<string[]> {
  const values = (await readHost(host)).values;
  return [...new Set(values.map((v) => v.split('/')[1].split('.')[0].toUpperCase()))].sort();
}

describe('config files and migration groups', () => {
  beforeEach(() => createHosts(['HV01', 'HV02', 'HV03', 'HV04', 'HV05', 'HV06']).then(() => createHosts(['FS01', 'FS02', 'SOFS'], { hyperV: false })));

  it('templates/one-mesh.yaml: verify, apply, verify', async () => {
    const file = template('one-mesh.yaml');
    expect((await cli(['verify', '--config', file])).code).toBe(2);
    const applied = await cli(['apply', '--config', file, '--yes']);
    expect(applied.code).toBe(0);
    expect((await cli(['verify', '--config', file])).code).toBe(0);
    expect((await readHost('HV01')).uac).toBe(0x1001000);
    expect(await targetsOf('HV01')).toEqual(['HV02', 'HV03', 'HV04']);
  });

  it('templates/groups-storage.yaml: meshes per group, cifs one way to storage, nothing across groups', async () => {
    const file = template('groups-storage.yaml');
    const plan = await cli(['plan', '--config', file, '--output', 'json']);
    expect(plan.code).toBe(2);
    const edges = JSON.parse(plan.stdout).plan.edges as Array<{ from: string; to: string; services: string[] }>;
    expect(edges.filter((e) => e.from === 'HV01').map((e) => [e.to, e.services])).toEqual([
      ['HV02', ['cifs', MV]], ['HV03', ['cifs', MV]], ['FS01', ['cifs']], ['SOFS', ['cifs']],
    ]);
    expect((await cli(['apply', '--config', file, '--yes'])).code).toBe(0);
    expect(sorted((await readHost('HV01')).values)).toEqual(sorted([...all('HV02'), ...all('HV03'), ...all('FS01', ['cifs']), ...all('SOFS', ['cifs'])]));
    expect(await targetsOf('HV04')).toEqual(['FS02', 'HV05']);
    expect((await readHost('FS01')).values).toEqual([]); // storage delegates nothing
    expect((await cli(['verify', '--config', file])).code).toBe(0);
  });

  it('a host in two groups trusts both groups; the groups do not trust each other', async () => {
    const file = config('two.yaml', 'groups:\n  - name: a\n    hosts: [HV01, HV02, HV03]\n  - name: b\n    hosts: [HV03, HV04]\n');
    expect((await cli(['apply', '--config', file, '--yes'])).code).toBe(0);
    expect(await targetsOf('HV03')).toEqual(['HV01', 'HV02', 'HV04']);
    expect(await targetsOf('HV01')).toEqual(['HV02', 'HV03']);
    expect(await targetsOf('HV04')).toEqual(['HV03']);
  });

  it('a group discovered by OU and AD group membership', async () => {
    const ou = await ensureOu('KcdDiscoverLab');
    await createHosts(['LAB01', 'LAB02', 'LAB03'], { container: ou });
    const groupDn = `CN=Lab Hyper-V Hosts,${ou}`;
    await withAdmin(async (c) => {
      await c.del(groupDn).catch(() => undefined);
      await c.add(groupDn, { objectClass: 'group', sAMAccountName: 'lab-hv-hosts', member: [`CN=LAB01,${ou}`, `CN=LAB02,${ou}`] });
    });
    const file = config('discover.yaml', `groups:\n  - name: lab\n    discover:\n      searchBase: ${ou}\n      memberOf: ${groupDn}\n`);
    const r = await cli(['plan', '--config', file, '--output', 'json']);
    expect(JSON.parse(r.stdout).plan.hosts.map((h: { host: string }) => h.host)).toEqual(['LAB01', 'LAB02']);
  });

  it('verify --config reports a disabled host (exit 2) where apply refuses it', async () => {
    const { setUac } = await import('../lab/lab.js');
    const file = config('disabled.yaml', 'groups:\n  - name: d\n    hosts: [HV01, HV02, HV03]\n');
    expect((await cli(['apply', '--config', file, '--yes'])).code).toBe(0);
    await setUac('HV03', 0x1002);
    const r = await cli(['verify', '--config', file]);
    expect(r.code).toBe(2);
    expect(r.stdout).toContain("error: HV03's computer account is disabled");
    expect((await cli(['apply', '--config', file, '--yes'])).stderr).toContain("HV03's computer account is disabled");
  });

  it('a host in two groups with different modes is refused', async () => {
    const file = config('modes.yaml', 'groups:\n  - name: a\n    mode: any-protocol\n    hosts: [HV01, HV02]\n  - name: b\n    hosts: [HV02, HV03]\n');
    const r = await cli(['plan', '--config', file]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('HV02 is in group a (any-protocol) and group b (kerberos-only)');
  });

  it('an invalid config is refused with the path, before connecting', async () => {
    const file = config('bad.yaml', 'groups:\n  - name: a\n    hosts: [HV01, HV02]\n  - name: b\n    hosts: [HV03, HV04, 7]\n');
    const r = await cli(['plan', '--config', file], { env: { KCDMESH_URL: 'ldaps://127.0.0.1:1' } });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${file}: groups[1].hosts[2]: Invalid input: expected string, received number`);
  });

  it('names a group when one of its hosts is unknown', async () => {
    const file = config('unknown.yaml', 'groups:\n  - name: rack-z\n    hosts: [HV01, NOSUCH9]\n');
    const r = await cli(['plan', '--config', file]);
    expect(r.stderr).toContain('group rack-z, hosts: no computer named "NOSUCH9" in the directory');
  });
});

describe('--prune', () => {
  beforeEach(async () => {
    await createHosts(['PR01', 'PR02', 'PR03', 'PRGONE']);
    await createHosts(['PRFS', 'PRSQL'], { hyperV: false });
  });

  it('removes values for hosts that left the group or no longer exist; never storage or other computers', async () => {
    const before = config('prune-before.yaml', 'groups:\n  - name: p\n    hosts: [PR01, PR02, PR03, PRGONE]\n    storage: [PRFS]\n');
    expect((await cli(['apply', '--config', before, '--yes'])).code).toBe(0);
    const { modifyValues } = await import('../lab/lab.js');
    await modifyValues('PR01', 'add', ['cifs/prsql.lab.test', `${MV}/prsql`, 'cifs/dc1.lab.test/lab.test']);
    await deleteHosts(['PRGONE']);
    // PR03 leaves the group, PRFS stops being its storage (but stays a file server).
    const after = config('prune-after.yaml', 'groups:\n  - name: p\n    hosts: [PR01, PR02]\n');

    const noPrune = await cli(['plan', '--config', after, '--output', 'json']);
    expect(JSON.parse(noPrune.stdout).summary.remove).toBe(0);
    // verify with --prune reports what plan would remove, so a pipeline sees the drift.
    const stale = await cli(['verify', '--config', after, '--prune']);
    expect(stale.code).toBe(2);
    expect(stale.stdout).toContain('error: PR01 still delegates cifs/PR03, which the mesh no longer wants');

    const plan = await cli(['plan', '--config', after, '--prune', '--output', 'json']);
    const pr01 = JSON.parse(plan.stdout).plan.hosts.find((h: { host: string }) => h.host === 'PR01');
    expect(sorted(pr01.remove)).toEqual(sorted([...all('PR03'), ...all('PRGONE')]));
    expect((await cli(['apply', '--config', after, '--prune', '--yes'])).code).toBe(0);
    // Pruned: what remains is the three-part value towards the lab DC, kept (never managed) but critical (issue 12).
    const pruned = await cli(['verify', '--config', after, '--prune', '--output', 'json']);
    expect(pruned.code).toBe(2);
    expect(JSON.parse(pruned.stdout).findings.map((f: { severity: string; kind: string; host: string; value: string }) => [f.severity, f.kind, f.host, f.value])).toEqual([['critical', 'delegates-to-dc', 'PR01', 'cifs/dc1.lab.test/lab.test']]);
    expect(sorted((await readHost('PR01')).values)).toEqual(sorted([...all('PR02'), ...all('PRFS', ['cifs']), 'cifs/prsql.lab.test', `${MV}/prsql`, 'cifs/dc1.lab.test/lab.test']));
    // PR03 is not a member any more: its own values are left for offboard.
    expect(await targetsOf('PR03')).toEqual(['PR01', 'PR02', 'PRFS', 'PRGONE']);
  });
});

describe('onboard and offboard', () => {
  const MESH = ['ON01', 'ON02', 'ON03'];
  beforeEach(async () => {
    await createHosts([...MESH, 'ON07']);
    expect((await cli(['apply', ...MESH, '--yes'])).code).toBe(0);
  });

  it('onboard adds exactly 2 x services x 2 forms x peers values, both ways', async () => {
    const plan = await cli(['onboard', 'ON07', '--peers', MESH.join(','), '--yes', '--output', 'json']);
    expect(plan.code).toBe(0);
    const doc = JSON.parse(plan.stdout);
    expect(doc.plan.hosts.reduce((n: number, h: { add: string[] }) => n + h.add.length, 0)).toBe(2 * 2 * 2 * 3);
    expect(sorted((await readHost('ON07')).values)).toEqual(sorted(MESH.flatMap((p) => all(p))));
    for (const p of MESH) expect((await readHost(p)).values).toEqual(expect.arrayContaining(all('ON07')));
    expect((await cli(['verify', ...MESH, 'ON07'])).code).toBe(0);
  });

  it('the onboard wizard offers the peers, and the chosen ones are configured', async () => {
    const file = config('on.yaml', `groups:\n  - name: g\n    hosts: [${MESH.join(', ')}]\n`);
    const offered: string[][] = [];
    const r = await cli(['onboard', 'ON07', '--config', file], {
      tty: true,
      prompts: {
        choose: async (_m, choices) => { offered.push(choices.filter((c) => c.checked).map((c) => c.value)); return choices.map((c) => c.value).filter((v) => v !== 'ON03'); },
        confirm: async () => true,
      },
    });
    expect(r.code).toBe(0);
    expect(offered).toEqual([['g'], MESH]);
    expect(await targetsOf('ON07')).toEqual(['ON01', 'ON02']);
    expect(r.stdout).toContain('Add ON07 to group g in the config');
  });

  it('onboard warns when the new host has no Hyper-V role yet', async () => {
    await createHosts(['ON08'], { hyperV: false });
    const r = await cli(['onboard', 'ON08', '--peers', 'ON01', '--yes']);
    expect(r.stdout).toContain(`error: ON08 cannot be delegated to: it does not register ${MV}/ON08 or ${MV}/on08.lab.test`);
  });

  it('offboard removes the host from every peer and its own mesh values; foreign values stay', async () => {
    const { modifyValues } = await import('../lab/lab.js');
    await modifyValues('ON01', 'add', ['cifs/fileserver01.lab.test']);
    await createHosts(['ONFS'], { hyperV: false });
    await modifyValues('ON03', 'add', ['cifs/ONFS']);
    const r = await cli(['offboard', 'ON03', '--yes']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('ON03 is out of the mesh: removed from 3 hosts');
    expect(await targetsOf('ON01')).toEqual(['FILESERVER01', 'ON02']);
    expect(await targetsOf('ON02')).toEqual(['ON01']);
    expect((await readHost('ON03')).values).toEqual(['cifs/ONFS']);
    expect((await cli(['verify', 'ON01', 'ON02'])).code).toBe(0);
  });
});
