import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { buildReport } from '../../src/core/report.js';
import { computeVerdict } from '../../src/core/verdict.js';
import { renderHtmlReport } from '../../src/render/html-report.js';
import { LAB_DIR } from '../lab/dc.js';
import { cli, createHosts, dc, fqdnOf, modifyValues, readHost } from '../lab/lab.js';
import { MAPPINGS, configuredMesh, policy } from '../unit/builders.js';

const MV = 'Microsoft Virtual System Migration Service';
const ROOT = join(LAB_DIR, '..', '..');
const ARTIFACTS = join(ROOT, 'test-artifacts');
const WORK = mkdtempSync(join(tmpdir(), 'kcdmesh-reports-'));

/** A mesh with a deliberate gap: RPT02 lacks one name form of one service for RPT03; RPT04 nothing for RPT01. */
const GAP = ['RPT01', 'RPT02', 'RPT03', 'RPT04'];
const valuesFor = (to: string): string[] => [`cifs/${to}`, `cifs/${fqdnOf(to)}`, `${MV}/${to}`, `${MV}/${fqdnOf(to)}`];

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  await createHosts(GAP);
  expect((await cli(['apply', ...GAP, '--yes'])).code).toBe(0);
  await modifyValues('RPT02', 'delete', [`${MV}/${fqdnOf('RPT03')}`]);
  await modifyValues('RPT04', 'delete', valuesFor('RPT01'));
});

afterAll(() => rmSync(WORK, { recursive: true, force: true }));

describe('--output choices per command', () => {
  // Nothing listens on port 1: a command that connected would fail differently.
  const nowhere = { KCDMESH_URL: 'ldaps://127.0.0.1:1' };

  it.each([
    [['plan', 'RPT01', 'RPT02', '--output', 'junit'], '--output junit is not available for plan', 'plan writes text, json, markdown, ldif, powershell or hyperv'],
    [['verify', 'RPT01', 'RPT02', '--output', 'ldif'], '--output ldif is not available for verify', 'verify writes text, json, junit or markdown'],
    [['verify', 'RPT01', 'RPT02', '-o', 'powershell'], '--output powershell is not available for verify', 'verify writes text, json, junit or markdown'],
    [['discover', '--output', 'markdown'], '--output markdown is not available for discover', 'discover writes text or json'],
    [['apply', 'RPT01', 'RPT02', '--yes', '--output', 'ldif'], '--output ldif is not available for apply', 'apply writes text or json'],
    [['rollback', 'nofile.json', '--yes', '--output', 'junit'], '--output junit is not available for rollback', 'rollback writes text or json'],
  ])('%j is refused before connecting, in one line and a hint', async (args, message, hint) => {
    const r = await cli(args, { env: nowhere });
    expect(r).toEqual({ code: 1, stdout: '', stderr: `kcdmesh: error: ${message}\n  hint: ${hint}\n` });
  });

  it('lists every format for an unknown one, at the parser', async () => {
    const r = await cli(['plan', 'RPT01', 'RPT02', '--output', 'yaml'], { env: nowhere });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("argument 'yaml' is invalid. expected text, json, markdown, junit, ldif, powershell or hyperv.");
  });

  it('takes --report only on verify', async () => {
    const r = await cli(['plan', 'RPT01', 'RPT02', '--report', join(WORK, 'x.html')], { env: nowhere });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("error: unknown option '--report'");
  });
});

describe('plan --output ldif', () => {
  const HOSTS = ['RPTL01', 'RPTL02', 'RPTL03'];
  const FOREIGN = 'cifs/fileserver01.lab.test';

  it('is a change file ldapmodify applies to reach the plan; verify then passes', async () => {
    await createHosts(HOSTS);
    await createHosts(['RPTL02'], { uac: 0x81000, values: [FOREIGN, `CIFS/${fqdnOf('RPTL01').toUpperCase()}`] });
    const plan = await cli(['plan', ...HOSTS, '--mode', 'any-protocol', '--output', 'ldif']);
    expect(plan.code).toBe(2);
    expect(plan.stdout).not.toMatch(/^replace:/m);
    expect(plan.stdout).toContain('delete: userAccountControl\nuserAccountControl: 528384\n-\nadd: userAccountControl\nuserAccountControl: 16781312\n-\n');
    const file = join(WORK, 'plan.ldif');
    writeFileSync(file, plan.stdout);

    const d = dc();
    execFileSync('ldapmodify', ['-x', '-H', d.SAMBA_DC_URL, '-D', d.SAMBA_DC_BIND_UPN, '-w', d.SAMBA_DC_PASSWORD, '-f', file], {
      env: { ...process.env, LDAPTLS_CACERT: d.SAMBA_DC_CA },
      stdio: 'pipe',
      timeout: 30000,
    });

    expect(await cli(['verify', ...HOSTS, '--mode', 'any-protocol'])).toMatchObject({ code: 0 });
    expect(await cli(['plan', ...HOSTS, '--mode', 'any-protocol', '--output', 'ldif'])).toMatchObject({ code: 0 });
    const rptl02 = await readHost('RPTL02');
    expect(rptl02.values).toContain(FOREIGN);
    expect(rptl02.values.filter((v) => v.toLowerCase() === `cifs/${fqdnOf('RPTL01')}`)).toHaveLength(1);
    expect(rptl02.uac).toBe(0x1001000);
  });
});

describe('plan --output powershell and markdown, verify --output markdown', () => {
  it('writes the planned values as Set-ADObject -Add for exactly the hosts that need them', async () => {
    const r = await cli(['plan', ...GAP, '--output', 'powershell']);
    expect(r.code).toBe(2);
    const d = dc();
    const dn = (n: string) => `CN=${n},${d.SAMBA_DC_COMPUTERS_DN}`;
    const body = r.stdout.split('\n\n').slice(2).join('\n\n');
    expect(body).toBe([
      '# RPT02: add 1, remove 0',
      `Set-ADObject -Server $Server -Identity '${dn('RPT02')}' \``,
      "    -Add @{ 'msDS-AllowedToDelegateTo' = @(",
      `        '${MV}/${fqdnOf('RPT03')}'`,
      '    ) }',
      '',
      '# RPT04: add 4, remove 0',
      `Set-ADObject -Server $Server -Identity '${dn('RPT04')}' \``,
      "    -Add @{ 'msDS-AllowedToDelegateTo' = @(",
      ...valuesFor('RPT01').map((v, i) => `        '${v}'${i < 3 ? ',' : ''}`),
      '    ) }',
      '',
    ].join('\n'));
    expect(r.stdout).toMatch(/^#Requires -Modules ActiveDirectory\n# kcdmesh plan as a PowerShell script/);
    expect(r.stdout).toContain(`# Planned by kcdmesh 0.1.0 at `);
    expect(r.stdout).toContain(`against ${d.SAMBA_DC_URL}, base ${d.SAMBA_DC_BASE_DN}, as ${d.SAMBA_DC_BIND_UPN}.`);
    expect(r.stdout).not.toContain(d.SAMBA_DC_PASSWORD);
  });

  it('summarises plan and verify for a pull request', async () => {
    const plan = await cli(['plan', ...GAP, '--output', 'markdown']);
    expect(plan.code).toBe(2);
    expect(plan.stdout).toContain('**Plan: 5 to add, 0 to remove, 0 flag changes, on 2 of 4 hosts.**');
    expect(plan.stdout).toContain('| RPT04 | 4 | 0 |  |');

    const verify = await cli(['verify', ...GAP, '--output', 'markdown']);
    expect(verify.code).toBe(2);
    const rows = verify.stdout.split('\n').filter((l) => l.startsWith('|'));
    expect(rows).toEqual([
      '| delegates to → | RPT01 | RPT02 | RPT03 | RPT04 |',
      '|:--|:-:|:-:|:-:|:-:|',
      '| **RPT01** | – | ✅ | ✅ | ✅ |',
      '| **RPT02** | ✅ | – | ⚠️ 3/4 | ✅ |',
      '| **RPT03** | ✅ | ✅ | – | ✅ |',
      '| **RPT04** | ❌ none | ✅ | ✅ | – |',
    ]);
    expect(verify.stdout).toContain(`- ❌ RPT02 cannot delegate to RPT03: missing \`${MV}/${fqdnOf('RPT03')}\``);
  });
});

describe('--output json against its schema', () => {
  const schema = JSON.parse(readFileSync(join(ROOT, 'templates', 'output.schema.json'), 'utf8'));

  /** The shipped schema lets new fields through; for the test every field kcdmesh writes must be written down. */
  function closed(node: unknown, root = true): unknown {
    if (Array.isArray(node)) return node.map((n) => closed(n, false));
    if (node === null || typeof node !== 'object') return node;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(node)) out[k] = k === 'properties' ? Object.fromEntries(Object.entries(v as object).map(([p, s]) => [p, closed(s, false)])) : closed(v, false);
    if (!root && 'properties' in out && out.additionalProperties === undefined) out.additionalProperties = false;
    return out;
  }

  const ajv = new Ajv2020({ allErrors: true, strict: true });
  const validate = ajv.compile(closed(schema) as object);
  const valid = (doc: unknown): string => (validate(doc) ? 'valid' : ajv.errorsText(validate.errors, { separator: '\n' }));

  it.each([
    ['plan', ['plan', ...GAP, '--output', 'json'], 2],
    ['verify', ['verify', ...GAP, '--output', 'json'], 2],
    ['discover', ['discover', '--output', 'json'], 0],
    ['error', ['verify', 'RPT01', 'NOPE99', '--output', 'json'], 1],
  ])('%s', async (_kind, args, code) => {
    const r = await cli(args as string[]);
    expect(r.code).toBe(code);
    expect(valid(JSON.parse(r.stdout))).toBe('valid');
  });

  it('apply (with the verdict read afterwards) and rollback', async () => {
    const hosts = ['RPTJ01', 'RPTJ02'];
    await createHosts(hosts);
    const apply = await cli(['apply', ...hosts, '--yes', '--output', 'json']);
    expect(apply.code).toBe(0);
    const doc = JSON.parse(apply.stdout);
    expect(valid(doc)).toBe('valid');
    expect(doc.verify.ok).toBe(true);
    const nothing = await cli(['apply', ...hosts, '--yes', '--output', 'json']);
    expect(valid(JSON.parse(nothing.stdout))).toBe('valid');
    const rollback = await cli(['rollback', doc.backup, '--yes', '--output', 'json']);
    expect(rollback.code).toBe(0);
    expect(valid(JSON.parse(rollback.stdout))).toBe('valid');
  });

  it('the schema rejects what kcdmesh never writes', () => {
    expect(valid({ formatVersion: 2, kind: 'plan', plan: {} })).not.toBe('valid');
    expect(valid({ formatVersion: 2, kind: 'error', error: { message: 'x', hint: 'y' } })).toBe('valid');
    expect(valid({ formatVersion: 1, kind: 'error', error: { message: 'x', hint: 'y' } })).not.toBe('valid');
    expect(valid({ formatVersion: 3, kind: 'error', error: { message: 'x', hint: 'y' } })).not.toBe('valid');
    expect(valid({ formatVersion: 2, kind: 'error', error: { message: 'x', hint: 'y' }, extra: true })).not.toBe('valid');
  });
});

describe('progress on a terminal', () => {
  const HOSTS = ['RPTP01', 'RPTP02', 'RPTP03', 'RPTP04', 'RPTP05', 'RPTP06'];
  beforeAll(() => createHosts(HOSTS));

  it('shows what a run of more than a handful of hosts is doing, on stderr only', async () => {
    const r = await cli(['verify', ...HOSTS, '--output', 'json'], { tty: true });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe([
      'kcdmesh: connecting to the domain controller ...',
      `kcdmesh: reading 6 hosts from ${dc().SAMBA_DC_URL} ...`,
      'kcdmesh: checking 6 hosts, 30 directed pairs ...',
      '',
    ].join('\n'));
    expect(JSON.parse(r.stdout).kind).toBe('verify');
  });

  it.each([
    ['--quiet', ['--quiet'], true],
    ['-q on plan', ['-q'], true],
    ['no terminal', [], false],
  ])('shows none with %s', async (_label, extra, tty) => {
    const r = await cli(['plan', ...HOSTS, ...extra], { tty });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('');
  });

  it('shows none for a handful of hosts', async () => {
    const r = await cli(['plan', ...HOSTS.slice(0, 5)], { tty: true });
    expect(r.stderr).toBe('');
  });
});

describe('in a real browser (chromium)', () => {
  let browser: BrowserContext;
  let profile: string;

  beforeAll(async () => {
    profile = mkdtempSync(join(tmpdir(), 'kcdmesh-chromium-'));
    browser = await chromium.launchPersistentContext(profile, {
      executablePath: '/usr/bin/chromium',
      headless: true,
      viewport: { width: 1280, height: 900 },
      args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
  }, 60000);

  afterAll(async () => {
    await browser?.close();
    rmSync(profile, { recursive: true, force: true });
  });

  /** Open a file and collect every console error and uncaught page error while it loads. */
  async function open(file: string): Promise<{ page: Page; errors: string[] }> {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(`file://${file}`);
    return { page, errors };
  }

  it('shows the lab mesh: matrix cells, findings with fixes, scope, and no errors', async () => {
    const file = join(ARTIFACTS, 'report.html');
    const r = await cli(['verify', ...GAP, '--report', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`kcdmesh: report: ${file}\n`);
    expect(r.stdout).toContain('Findings: 2 (2 errors); 10 of 12 directed pairs work.');
    const html = readFileSync(file, 'utf8');
    expect(html).not.toContain(dc().SAMBA_DC_PASSWORD);

    const { page, errors } = await open(file);
    const cell = (from: string, to: string) => page.locator(`tr[data-from="${from}"] td[data-to="${to}"]`);
    expect(await cell('RPT02', 'RPT03').getAttribute('data-state')).toBe('partial');
    expect(await cell('RPT02', 'RPT03').textContent()).toBe('●◐');
    expect(await cell('RPT02', 'RPT03').getAttribute('title')).toBe(`RPT02 cannot delegate to RPT03: cifs: both name forms; ${MV}: missing FQDN (${MV}/${fqdnOf('RPT03')})`);
    expect(await cell('RPT04', 'RPT01').getAttribute('data-state')).toBe('none');
    expect(await cell('RPT04', 'RPT01').textContent()).toBe('○○');
    expect(await cell('RPT01', 'RPT04').getAttribute('data-state')).toBe('complete');
    expect(await page.locator('td[data-state="complete"]').count()).toBe(10);
    expect(await page.locator('td.self').count()).toBe(4);

    expect(await page.locator('#summary').textContent()).toBe('Findings: 2 (2 errors); 10 of 12 directed pairs work.');
    const findings = await page.locator('ol.findings > li').allInnerTexts();
    expect(findings).toHaveLength(2);
    expect(findings[0]).toContain(`RPT02 cannot delegate to RPT03: missing ${MV}/${fqdnOf('RPT03')}`);
    expect(findings[0]).toContain('Fix: Run kcdmesh apply with the same hosts');
    expect(findings[1]).toContain(`RPT04 cannot delegate to RPT01: missing cifs/RPT01, cifs/${fqdnOf('RPT01')}, ${MV}/RPT01, ${MV}/${fqdnOf('RPT01')}`);

    const scope = await page.locator('#scope').innerText();
    for (const fact of [dc().SAMBA_DC_URL, dc().SAMBA_DC_BASE_DN, dc().SAMBA_DC_BIND_UPN, '0.1.0']) expect(scope).toContain(fact);
    expect(await page.locator('#hosts tr[data-host="RPT04"]').innerText()).toContain('Use Kerberos only');
    expect(await page.locator('#grants').innerText()).toContain('a compromised host reaches every peer it delegates to');

    await page.screenshot({ path: join(ARTIFACTS, 'report.png'), fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('keeps 100 hosts readable: the matrix scrolls inside its frame and its headers stick', async () => {
    const names = Array.from({ length: 100 }, (_, i) => `HV${String(i + 1).padStart(3, '0')}`);
    const hosts = configuredMesh(names);
    // HV042 lacks the short-name form of both services for HV099.
    hosts[41].delegateTo = hosts[41].delegateTo.filter((v) => !v.endsWith('/HV099'));
    const time = new Date('2026-11-21T10:15:00Z');
    const report = buildReport(computeVerdict(hosts, policy(), MAPPINGS), hosts, { dc: { url: 'ldaps://dc1.lab.test', dnsHostName: 'dc1.lab.test' }, baseDn: 'DC=lab,DC=test', bindIdentity: 'admin@lab.test', time: time.toISOString(), kcdmeshVersion: '0.1.0' });
    const file = join(ARTIFACTS, 'report-100.html');
    writeFileSync(file, renderHtmlReport(report));

    const { page, errors } = await open(file);
    const wrap = page.locator('.matrix-wrap');
    await wrap.scrollIntoViewIfNeeded();
    const frame = (await wrap.boundingBox())!;
    const size = await wrap.evaluate((el) => ({ sw: el.scrollWidth, cw: el.clientWidth, sh: el.scrollHeight, ch: el.clientHeight }));
    expect(size.sw).toBeGreaterThan(size.cw);
    expect(size.sh).toBeGreaterThan(size.ch);
    expect(frame.width).toBeLessThanOrEqual(1280);

    await wrap.evaluate((el) => el.scrollTo(el.scrollWidth, el.scrollHeight));
    const header = (await page.locator('table.matrix thead th').nth(60).boundingBox())!;
    const rowHead = (await page.locator('tr[data-from="HV090"] th').boundingBox())!;
    expect(Math.abs(header.y - frame.y)).toBeLessThanOrEqual(2);
    expect(Math.abs(rowHead.x - frame.x)).toBeLessThanOrEqual(2);
    expect(await page.locator('tr[data-from="HV042"] th').innerText()).toBe('HV042 1');
    const gap = page.locator('tr[data-from="HV042"] td[data-to="HV099"]');
    expect([await gap.getAttribute('data-state'), await gap.textContent()]).toEqual(['partial', '◐◐']);

    await wrap.evaluate((el) => el.scrollTo(el.scrollWidth / 2, el.scrollHeight / 3));
    await page.screenshot({ path: join(ARTIFACTS, 'report-100.png') });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('reads verify --output junit as XML: a testcase per delegating host, per pair that lacks something and per host check, one failure per finding', async () => {
    const r = await cli(['verify', ...GAP, '--output', 'junit']);
    expect(r.code).toBe(2);
    const page = await browser.newPage();
    const parsed = await page.evaluate((xml) => {
      const doc = new DOMParser().parseFromString(xml, 'application/xml');
      const root = doc.documentElement;
      const cases = [...doc.getElementsByTagName('testcase')];
      return {
        parseError: doc.getElementsByTagName('parsererror').length,
        root: root.nodeName,
        tests: Number(root.getAttribute('tests')),
        failures: Number(root.getAttribute('failures')),
        suites: [...doc.getElementsByTagName('testsuite')].map((s) => [s.getAttribute('name'), Number(s.getAttribute('tests')), Number(s.getAttribute('failures')), s.getElementsByTagName('testcase').length]),
        cases: cases.length,
        failed: cases.filter((c) => c.getElementsByTagName('failure').length).map((c) => [c.getAttribute('name'), c.getElementsByTagName('failure')[0].getAttribute('message')]),
      };
    }, r.stdout);
    await page.close();
    expect(parsed).toEqual({
      parseError: 0,
      root: 'testsuites',
      tests: 30,
      failures: 2,
      suites: [['kcdmesh.delegation', 6, 2, 6], ['kcdmesh.hosts', 24, 0, 24]],
      cases: 30,
      failed: [
        ['RPT02 delegates to RPT03', `RPT02 cannot delegate to RPT03: missing ${MV}/${fqdnOf('RPT03')}`],
        ['RPT04 delegates to RPT01', `RPT04 cannot delegate to RPT01: missing cifs/RPT01, cifs/${fqdnOf('RPT01')}, ${MV}/RPT01, ${MV}/${fqdnOf('RPT01')}`],
      ],
    });
  });
});
