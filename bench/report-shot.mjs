// Renders the HTML report of a messy six-host domain (no DC needed) and screenshots it in chromium:
// node bench/report-shot.mjs test-artifacts/report-after.png
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { importSrc } from './import-src.mjs';

const files = ['core/report.ts', 'core/verdict.ts', 'render/html-report.ts', 'core/spn.ts'];
const { buildReport, computeVerdict, renderHtmlReport, parseSpnMappings } = await importSrc('report-shot', files);

const MV = 'Microsoft Virtual System Migration Service';
const fq = (n) => `${n.toLowerCase()}.lab.test`;
const spns = (n) => ['HOST', MV].flatMap((c) => [`${c}/${n}`, `${c}/${fq(n)}`]);
const vals = (p) => [`cifs/${p}`, `cifs/${fq(p)}`, `${MV}/${p}`, `${MV}/${fq(p)}`];
const names = ['HV01', 'HV02', 'HV03', 'HV04', 'HV05', 'HV06'];
const h = (name, o = {}) => ({ dn: `CN=${name},CN=Computers,DC=lab,DC=test`, name, fqdn: fq(name), userAccountControl: o.uac ?? 0x1000,
  delegateTo: o.values ?? names.filter((p) => p !== name).flatMap(vals), servicePrincipalNames: o.spns ?? spns(name),
  operatingSystem: o.os ?? 'Windows Server 2022 Datacenter', operatingSystemVersion: o.osv ?? '10.0 (20348)' });
const hosts = [
  h('HV01', { values: [...names.filter((p) => p !== 'HV01').flatMap(vals), 'cifs/fileserver01.lab.test', 'CIFS/HV02.LAB.TEST'] }),
  h('HV02', { uac: 0x81000 }),
  h('HV03', { uac: 0x1001000 }),
  h('HV04', { spns: [`HOST/HV04`, `HOST/${fq('HV04')}`] }),
  h('HV05', { values: [] }),
  h('HV06', { values: ['cifs/dc1.lab.test/lab.test'], os: 'Windows Server 2025 Datacenter', osv: '10.0 (26100)' }),
];
const mappings = parseSpnMappings(['host=alerter,cifs,http']);
const verdict = computeVerdict(hosts, { services: ['cifs', MV], mode: 'kerberos-only', maxValues: 1200 }, mappings);
const scope = { dc: { url: 'ldaps://dc1.lab.test', dnsHostName: 'dc1.lab.test' }, baseDn: 'DC=lab,DC=test', bindIdentity: 'auditor@lab.test', time: '2026-12-02T05:00:00.000Z', kcdmeshVersion: '0.1.0' };
const html = renderHtmlReport(buildReport(verdict, hosts, scope));
const dir = mkdtempSync(join(tmpdir(), 'kcdmesh-shot-'));
const file = join(dir, 'report.html');
writeFileSync(file, html);
const ctx = await chromium.launchPersistentContext(join(dir, 'profile'), { executablePath: '/usr/bin/chromium', headless: true, args: ['--no-sandbox'], viewport: { width: 1280, height: 900 } });
const page = await ctx.newPage();
await page.goto(`file://${file}`);
await page.screenshot({ path: process.argv[2], fullPage: true });
await ctx.close();
rmSync(dir, { recursive: true, force: true });
console.log(process.argv[2]);
