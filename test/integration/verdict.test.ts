import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { chromium, type BrowserContext } from 'playwright-core';
import { Attribute, Change } from 'ldapts';
import { LAB_DIR } from '../lab/dc.js';
import { cli, createHosts, dc, fqdnOf, withAdmin } from '../lab/lab.js';

/**
 * A messy domain, as an auditor finds it: foreign values, odd case, a host with unconstrained
 * delegation, one in any-protocol mode, one without the migration SPN, one delegating to the DC,
 * an operator in Protected Users through nested groups and one marked sensitive.
 */
const MV = 'Microsoft Virtual System Migration Service';
const HOSTS = ['VDT01', 'VDT02', 'VDT03', 'VDT04', 'VDT05'];
const ARTIFACTS = join(LAB_DIR, '..', '..', 'test-artifacts');
const WORK = mkdtempSync(join(tmpdir(), 'kcdmesh-verdict-'));
const valuesFor = (to: string): string[] => [`cifs/${to}`, `cifs/${fqdnOf(to)}`, `${MV}/${to}`, `${MV}/${fqdnOf(to)}`];
const peersOf = (h: string): string[] => HOSTS.filter((p) => p !== h).flatMap(valuesFor);
const WS2022: [string, string] = ['Windows Server 2022 Datacenter', '10.0 (20348)'];
const WS2025: [string, string] = ['Windows Server 2025 Datacenter', '10.0 (26100)'];
const users = () => `CN=Users,${dc().SAMBA_DC_BASE_DN}`;
let DC_FQDN = '';
const dcFqdn = () => DC_FQDN;

async function account(cn: string, uac: number): Promise<string> {
  const dn = `CN=${cn},${users()}`;
  await withAdmin(async (c) => {
    await c.del(dn).catch(() => undefined);
    await c.add(dn, { objectClass: 'user', sAMAccountName: cn, userAccountControl: String(uac) });
  });
  return dn;
}

async function group(cn: string, members: string[]): Promise<string> {
  const dn = `CN=${cn},${users()}`;
  await withAdmin(async (c) => {
    await c.del(dn).catch(() => undefined);
    await c.add(dn, { objectClass: 'group', sAMAccountName: cn, member: members });
  });
  return dn;
}

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  // The lab DC's own DNS name, as its computer object holds it: the target a mesh host must never delegate to.
  DC_FQDN = await withAdmin(async (c) => {
    const { searchEntries } = await c.search('', { scope: 'base', filter: '(objectClass=*)', attributes: ['dnsHostName'] });
    return String(searchEntries[0].dnsHostName);
  });
  await createHosts(['VDT01'], { os: WS2022, values: [...peersOf('VDT01'), 'cifs/fileserver01.lab.test', `CIFS/${fqdnOf('VDT02').toUpperCase()}`] });
  await createHosts(['VDT02'], { os: WS2022, uac: 0x81000, values: peersOf('VDT02') });
  await createHosts(['VDT03'], { os: WS2022, uac: 0x1001000, values: peersOf('VDT03') });
  await createHosts(['VDT04'], { os: WS2025, hyperV: false, values: peersOf('VDT04') });
  await createHosts(['VDT05'], { os: WS2022, values: [...peersOf('VDT05'), `ldap/${dcFqdn()}`] });
  // An operator in Protected Users through two nested groups, and one marked sensitive.
  const nested = await account('kcd-op-nested', 0x220);
  await account('kcd-op-sensitive', 0x100220);
  await account('kcd-op-plain', 0x220);
  const admins = await group('kcd-hv-admins', [nested]);
  const tier0 = await group('kcd-tier0', [admins]);
  await withAdmin(async (c) => {
    const { searchEntries } = await c.search(dc().SAMBA_DC_BASE_DN, { filter: '(sAMAccountName=Protected Users)', attributes: ['dn'] });
    expect(searchEntries).toHaveLength(1);
    await c.modify(searchEntries[0].dn, [new Change({ operation: 'add', modification: new Attribute({ type: 'member', values: [tier0] }) })]).catch((e: Error) => {
      if (!/exist/i.test(e.message)) throw e;
    });
  });
});

afterAll(() => rmSync(WORK, { recursive: true, force: true }));

const VERIFY = ['verify', ...HOSTS, '--mode', 'kerberos-only', '--operator', 'kcd-op-nested', '--operator', 'kcd-op-sensitive', '--operator', 'kcd-op-plain'];

describe('verify of a messy domain on a real DC', () => {
  it('lists the critical findings first in text, with one count', async () => {
    const r = await cli(VERIFY);
    expect(r.code).toBe(2);
    const lines = r.stdout.split('\n').filter((l) => /^(CRITICAL|error|warning): /.test(l));
    expect(lines[0]).toBe('CRITICAL: VDT02 is trusted for delegation to any service (Kerberos only), unconstrained: it can act as any user towards any service in the domain');
    expect(lines[1]).toMatch(new RegExp(`^CRITICAL: VDT05 may delegate to ldap/${dcFqdn().replace(/\./g, '\\.')} on domain controller \\S+: a compromised VDT05`));
    expect(lines.slice(2)).toEqual(expect.arrayContaining([
      'error: operator kcd-op-nested is in Protected Users (through kcd-hv-admins > kcd-tier0): every migration kcd-op-nested starts fails',
      'error: operator kcd-op-sensitive is marked "Account is sensitive and cannot be delegated": every migration kcd-op-sensitive starts fails',
      'error: VDT03 is in any-protocol mode, the mesh wants kerberos-only',
      `error: VDT04 cannot be delegated to: it does not register ${MV}/VDT04 or ${MV}/${fqdnOf('VDT04')} (is the Hyper-V role installed?)`,
      'warning: the hosts run different Windows versions (Windows Server 2022: VDT01, VDT02, VDT03, VDT05; Windows Server 2025: VDT04): a VM cannot move to a host that does not support its configuration version',
    ]));
    expect(r.stdout).not.toContain('kcd-op-plain');
    const rank = (l: string): number => ['CRITICAL', 'error', 'warning'].indexOf(l.split(':')[0]);
    expect(lines.map(rank)).toEqual([...lines.map(rank)].sort((a, b) => a - b));
    expect(Number(/Findings: (\d+)/.exec(r.stdout)?.[1])).toBe(lines.length);
    expect(r.stdout).toContain('    not managed by kcdmesh: cifs/fileserver01.lab.test (service cifs, target fileserver01.lab.test)');
    expect(r.stdout).toMatch(/^ {2}VDT01 +- +ok +ok +no SPN +ok$/m);
    expect(r.stdout).toContain('Findings: 8 (2 critical, 4 errors, 2 warnings); 16 of 20 directed pairs work.');
  });

  it('orders JSON the same way, with the same count', async () => {
    const r = await cli([...VERIFY, '--output', 'json']);
    expect(r.code).toBe(2);
    const doc = JSON.parse(r.stdout) as { count: number; worst: string; findings: Array<{ severity: string; kind: string; host: string; message: string }> };
    expect(doc.findings.slice(0, 2).map((f) => [f.severity, f.kind, f.host])).toEqual([['critical', 'unconstrained-delegation', 'VDT02'], ['critical', 'delegates-to-dc', 'VDT05']]);
    expect([doc.count, doc.worst]).toEqual([doc.findings.length, 'critical']);
    const text = await cli(VERIFY);
    expect(doc.findings.map((f) => f.message)).toEqual(text.stdout.split('\n').filter((l) => /^(CRITICAL|error|warning): /.test(l)).map((l) => l.replace(/^\S+: /, '')));
  });

  it('without --mode reports each host\'s mode and finds the one that disagrees', async () => {
    const r = await cli(['verify', ...HOSTS, '--output', 'json']);
    const doc = JSON.parse(r.stdout) as { modeEnforced: boolean; findings: Array<{ kind: string; host: string; against?: string; message: string }> };
    expect(doc.modeEnforced).toBe(false);
    expect(doc.findings.filter((f) => f.kind === 'mode-mismatch').map((f) => f.message)).toEqual(['VDT03 is in any-protocol mode, the rest of the mesh (4 hosts) in kerberos-only']);
  });

  it('shows the critical finding first in the HTML report in chromium, and the banner count equals the list', async () => {
    const file = join(WORK, 'report.html');
    const r = await cli([...VERIFY, '--report', file]);
    expect(r.code).toBe(2);
    const profile = mkdtempSync(join(tmpdir(), 'kcdmesh-chromium-'));
    let browser: BrowserContext | null = null;
    try {
      browser = await chromium.launchPersistentContext(profile, { executablePath: '/usr/bin/chromium', headless: true, args: ['--no-sandbox'], viewport: { width: 1280, height: 900 } });
      const page = await browser.newPage();
      await page.goto(`file://${file}`);
      const first = page.locator('ol.findings > li').first();
      expect(await first.getAttribute('data-kind')).toBe('unconstrained-delegation');
      expect(await first.locator('.sev').innerText()).toMatch(/critical/i);
      const items = await page.locator('ol.findings > li').count();
      expect(Number(await page.locator('#summary').getAttribute('data-count'))).toBe(items);
      expect(await page.locator('#summary').innerText()).toContain(`Findings: ${items} (`);
      expect(await page.locator('#findings-heading').innerText()).toContain(`Findings: ${items} (`);
      expect(await page.locator('#summary').evaluate((e) => getComputedStyle(e).color)).toBe('rgb(207, 34, 46)');
      expect(await page.locator('tr[data-from="VDT01"] td[data-to="VDT04"]').getAttribute('data-state')).toBe('undelegable');
      expect(await page.locator('tr[data-host="VDT01"] td.foreign').innerText()).toContain('cifs/fileserver01.lab.test');
      expect(await page.locator('tr[data-host="VDT02"]').innerText()).toContain('Trust this computer for delegation to any service (Kerberos only)');
      await page.screenshot({ path: join(ARTIFACTS, 'report-messy.png'), fullPage: true });
    } finally {
      await browser?.close();
      rmSync(profile, { recursive: true, force: true });
    }
    expect(readFileSync(file, 'utf8')).not.toContain(dc().SAMBA_DC_PASSWORD);
  });
});

describe('plan --output hyperv on a real DC', () => {
  it('writes one script for the mesh members, by their own DNS names', async () => {
    const r = await cli(['plan', 'VDT01', 'VDT03', '--mode', 'any-protocol', '--output', 'hyperv']);
    expect(r.code).toBe(2);
    expect(r.stdout).toContain(`$Computers = @(\n    '${fqdnOf('VDT01')}',\n    '${fqdnOf('VDT03')}'\n)\n`);
    expect(r.stdout).toContain('    Set-VMHost -VirtualMachineMigrationAuthenticationType Kerberos -VirtualMachineMigrationPerformanceOption Compression -MaximumVirtualMachineMigrations 2\n');
    expect(r.stdout).not.toContain(dc().SAMBA_DC_PASSWORD);
  });
});
