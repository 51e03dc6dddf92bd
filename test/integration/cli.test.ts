import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from '@jest/globals';
import { UAC } from '../../src/core/uac.js';
import { cli, createHosts, dc, ensureOu, readHost, spawnCli } from '../lab/lab.js';

const HOSTS = ['CLI01', 'CLI02', 'CLI03'];
let ou = '';

beforeAll(async () => {
  await createHosts(HOSTS);
  ou = await ensureOu('HyperVDiscover');
  await createHosts(['DISC01', 'DISC02'], { container: ou });
  await createHosts(['DISCOLD'], { container: ou, hyperV: false });
});

describe('the binary as a pipeline runs it (no terminal)', () => {
  it('plan --output json: stdout is one JSON document, logs stay on stderr, exit 2 for drift', () => {
    const r = spawnCli(['plan', ...HOSTS, '--output', 'json', '-v']);
    expect(r.code).toBe(2);
    const doc = JSON.parse(r.stdout);
    expect(doc).toMatchObject({ formatVersion: 2, kind: 'plan', summary: { add: 24, remove: 0, uac: 0, hostsChanged: 3 } });
    expect(doc.plan.hosts.map((h: { host: string }) => h.host)).toEqual(HOSTS);
    expect(r.stderr).toContain('kcdmesh: debug: search DC=lab,DC=test');
  });

  it('an error with --output json still leaves parseable JSON on stdout, and exit 1', () => {
    const r = spawnCli(['verify', 'CLI01', 'NOPE01', '--output', 'json']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toMatchObject({ kind: 'error', error: { message: 'no computer named "NOPE01" in the directory' } });
  });

  it('an error before connecting still leaves a JSON document with --output json', () => {
    const r = spawnCli(['plan', '--config', '/nonexistent/kcdmesh.yaml', '--output', 'json']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toMatchObject({ kind: 'error', error: { message: 'cannot read config /nonexistent/kcdmesh.yaml (no such file or directory, ENOENT)' } });
  });

  it('verify --report: the shipped bundle finds the report template beside the package', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'kcdmesh-report-')), 'report.html');
    const r = spawnCli(['verify', ...HOSTS, '--report', file]);
    expect(r.stderr).toBe(`kcdmesh: report: ${file}\n`);
    expect(r.code).toBe(2);
    const html = readFileSync(file, 'utf8');
    expect(html).toMatch(/^<!DOCTYPE html>/i);
    expect(html).toContain('CLI01');
  });

  it('apply without --yes and without a terminal refuses at once', () => {
    const r = spawnCli(['apply', ...HOSTS]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('kcdmesh: error: apply needs a confirmation and there is no terminal to ask on\n  hint: review with `kcdmesh plan`, then run apply with --yes\n');
  });

  it('a bad flag value is refused by the parser with exit 1', () => {
    for (const args of [['plan', ...HOSTS, '--mode', 'sometimes'], ['plan', ...HOSTS, '--services', 'cifs/HV01'], ['plan', ...HOSTS, '--output', 'yaml']]) {
      const r = spawnCli(args);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/^error: option .* argument .* is invalid/);
    }
  });

  it('--password is refused and the hint shows the safe ways', () => {
    const r = spawnCli(['plan', ...HOSTS, '--password', 'hunter2']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('--password is not accepted');
    expect(r.stderr).toContain('KCDMESH_PASSWORD');
  });
});

describe('passwords', () => {
  it('from --password-file', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'kcdmesh-pw-')), 'pw');
    writeFileSync(file, `${dc().SAMBA_DC_PASSWORD}\n`, { mode: 0o600 });
    const r = await cli(['verify', ...HOSTS, '--password-file', file], { env: { KCDMESH_PASSWORD: undefined } });
    expect(r.code).toBe(2);
  });

  it('asked on a terminal when nothing else gives it', async () => {
    const asked: string[] = [];
    const r = await cli(['plan', ...HOSTS], {
      tty: true,
      env: { KCDMESH_PASSWORD: undefined },
      prompts: { password: async (m) => { asked.push(m); return dc().SAMBA_DC_PASSWORD; } },
    });
    expect(asked).toEqual(['Password for Administrator@LAB.TEST:']);
    expect(r.code).toBe(2);
  });

  it('apply asks for confirmation on a terminal and writes after "yes"', async () => {
    const r = await cli(['apply', ...HOSTS], { tty: true, prompts: { confirm: async () => true } });
    expect(r.code).toBe(0);
    expect((await readHost('CLI01')).values).toHaveLength(8);
  });
});

describe('discovery', () => {
  it('discover lists the Hyper-V hosts under a base with mode and value count', async () => {
    const r = await cli(['discover', '--search-base', ou]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe([
      `NAME    FQDN             MODE  VALUES  DN`,
      `DISC01  disc01.lab.test  none  0       CN=DISC01,${ou}`,
      `DISC02  disc02.lab.test  none  0       CN=DISC02,${ou}`,
      '2 Hyper-V hosts found.',
      '',
    ].join('\n'));
    const json = JSON.parse((await cli(['discover', '--search-base', ou, '-o', 'json'])).stdout);
    expect(json.hosts.map((h: { name: string }) => h.name)).toEqual(['DISC01', 'DISC02']);
  });

  it('--discover meshes exactly the discovered hosts (not the computer without Hyper-V)', async () => {
    const r = await cli(['apply', '--discover', '--search-base', ou, '--yes']);
    expect(r.code).toBe(0);
    expect((await readHost('DISC01', ou)).values).toHaveLength(4);
    expect((await readHost('DISCOLD', ou)).values).toHaveLength(0);
  });
});

describe('verify findings a user relies on', () => {
  it('a disabled peer and a missing direction are findings (exit 2)', async () => {
    await createHosts(['VFY01', 'VFY02', 'VFY03']);
    expect((await cli(['apply', 'VFY01', 'VFY02', 'VFY03', '--yes'])).code).toBe(0);
    const { modifyValues, fqdnOf, setUac } = await import('../lab/lab.js');
    await setUac('VFY03', 0x1000 | UAC.ACCOUNTDISABLE);
    await modifyValues('VFY02', 'delete', [`cifs/${fqdnOf('VFY01')}`]);
    const r = await cli(['verify', 'VFY01', 'VFY02', 'VFY03']);
    expect(r.code).toBe(2);
    expect(r.stdout).toContain('error: VFY02 cannot delegate to VFY01: missing cifs/vfy01.lab.test');
    expect(r.stdout).toContain("error: VFY03's computer account is disabled");
    expect(r.stdout).toContain('  VFY02  3/4    -      ok\n');
    const json = JSON.parse((await cli(['verify', 'VFY01', 'VFY02', 'VFY03', '-o', 'json'])).stdout);
    expect(json.ok).toBe(false);
    expect(json.findings.map((f: { kind: string }) => f.kind).sort()).toEqual(['account-disabled', 'missing-delegation']);
  });

  it('--services narrows what is managed and verified', async () => {
    await createHosts(['SVC01', 'SVC02']);
    expect((await cli(['apply', 'SVC01', 'SVC02', '--services', 'cifs', '--yes'])).code).toBe(0);
    expect((await readHost('SVC01')).values.sort()).toEqual(['cifs/SVC02', 'cifs/svc02.lab.test']);
    expect((await cli(['verify', 'SVC01', 'SVC02', '--services', 'cifs'])).code).toBe(0);
    expect((await cli(['verify', 'SVC01', 'SVC02'])).code).toBe(2);
  });
});
