import { describe, expect, it } from '@jest/globals';
import { buildReport } from '../../../src/core/report.js';
import type { HostRecord } from '../../../src/core/types.js';
import { computeVerdict, type Verdict } from '../../../src/core/verdict.js';
import { renderHtmlReport } from '../../../src/render/html-report.js';
import { renderJunit } from '../../../src/render/junit.js';
import { renderVerifyMarkdown } from '../../../src/render/markdown.js';
import { PLAIN } from '../../../src/render/style.js';
import { renderVerifyJson } from '../../../src/render/verify-json.js';
import { renderVerifyText } from '../../../src/render/verify-text.js';
import { MAPPINGS, MEMBER_UAC, MIGRATION, configuredMesh, host, policy, valuesFor } from '../builders.js';
import { SCOPE } from '../render-fixtures.js';

/** A messy domain: foreign and odd-case values, unconstrained, any-protocol, no migration SPN, an empty host. */
function messy(): HostRecord[] {
  const hosts = configuredMesh(['HV01', 'HV02', 'HV03', 'HV04', 'HV05', 'HV06']);
  hosts[0].delegateTo.push('cifs/fileserver01.lab.test', 'CIFS/HV02.LAB.TEST');
  hosts[1].userAccountControl = MEMBER_UAC | 0x80000;
  hosts[2].userAccountControl = MEMBER_UAC | 0x1000000;
  hosts[3].servicePrincipalNames = ['HOST/HV04', 'HOST/hv04.lab.test'];
  hosts[4].delegateTo = [];
  hosts[5].delegateTo = hosts[5].delegateTo.filter((v) => v !== `${MIGRATION}/hv01.lab.test`);
  return hosts;
}

/** The count each format shows, read the way its reader would. */
function counts(v: Verdict, hosts: HostRecord[]) {
  const text = renderVerifyText(v, PLAIN);
  const json = JSON.parse(renderVerifyJson(v)) as { count: number; findings: Array<{ severity: string; message: string }> };
  const junit = renderJunit(v);
  const md = renderVerifyMarkdown(v);
  const html = renderHtmlReport(buildReport(v, hosts, SCOPE));
  return {
    textSummary: Number(/Findings: (\d+)/.exec(text)?.[1]),
    textLines: text.split('\n').filter((l) => /^(CRITICAL|error|warning): /.test(l)).length,
    jsonCount: json.count,
    jsonList: json.findings.length,
    junitFailures: Number(/<testsuites [^>]*failures="(\d+)"/.exec(junit)?.[1]),
    junitElements: junit.split('<failure ').length - 1,
    markdownSummary: Number(/\*\*Findings: (\d+)/.exec(md)?.[1]),
    markdownList: md.split('\n').filter((l) => /^- (🛑|❌|⚠️)/.test(l)).length,
    htmlBanner: Number(/id="summary" data-count="(\d+)"/.exec(html)?.[1]),
    htmlHeading: Number(/id="findings-heading">Findings: (\d+)/.exec(html)?.[1]),
    htmlList: html.split('<li data-kind=').length - 1,
  };
}

describe('one count, the same in every format', () => {
  it.each<[string, () => HostRecord[]]>([
    ['a messy domain', messy],
    ['a clean mesh', () => configuredMesh(['HV01', 'HV02', 'HV03'])],
    ['an empty mesh of 20', () => Array.from({ length: 20 }, (_, i) => host(`HV${i + 1}`))],
    ['one missing pair', () => [host('HV01', { values: valuesFor('HV02').slice(1) }), host('HV02', { values: valuesFor('HV01') })]],
  ])('%s', (_name, make) => {
    const hosts = make();
    const v = computeVerdict(hosts, policy(), MAPPINGS);
    const c = counts(v, hosts);
    const expected = Object.fromEntries(Object.keys(c).map((k) => [k, v.count]));
    if (v.count === 0) {
      // A clean verdict says "Verified" instead of a count, and lists nothing.
      expect([c.textLines, c.jsonCount, c.jsonList, c.junitFailures, c.markdownList, c.htmlBanner, c.htmlList]).toEqual([0, 0, 0, 0, 0, 0, 0]);
    } else {
      expect(c).toEqual(expected);
    }
  });

  it('lists the critical findings first in the messy domain, in every format', () => {
    const hosts = messy();
    const v = computeVerdict(hosts, policy(), MAPPINGS);
    expect(v.findings.map((f) => [f.severity, f.kind, f.host])).toEqual([
      ['critical', 'unconstrained-delegation', 'HV02'],
      ['error', 'mode-mismatch', 'HV03'],
      ['error', 'target-spn-missing', 'HV04'],
      ['error', 'delegates-to-none', 'HV05'],
      ['error', 'missing-delegation', 'HV06'],
    ]);
    expect(renderVerifyText(v, PLAIN)).toMatch(/\n\nCRITICAL: HV02 is trusted for delegation to any service/);
    expect((JSON.parse(renderVerifyJson(v)) as { findings: Array<{ kind: string }> }).findings[0].kind).toBe('unconstrained-delegation');
    expect(renderVerifyMarkdown(v)).toMatch(/\n- 🛑 critical HV02 is trusted/);
    const html = renderHtmlReport(buildReport(v, hosts, SCOPE));
    expect(/<li data-kind="([^"]+)"/.exec(html)?.[1]).toBe('unconstrained-delegation');
    expect(html).toContain('<div class="summary bad" id="summary" data-count="5">');
    expect(html).toContain('30 directed pairs: 20 complete, 1 partly, 4 not at all, 5 towards a target that cannot be delegated to');
  });

  it('colours the banner by the worst severity: a warning alone is not red', () => {
    const hosts = configuredMesh(['HV01', 'HV02', 'HV03']);
    const html = renderHtmlReport(buildReport(computeVerdict(hosts, policy({ maxValues: 10 }), MAPPINGS), hosts, SCOPE));
    expect(html).toContain('<div class="summary warn" id="summary" data-count="3">');
    const clean = renderHtmlReport(buildReport(computeVerdict(hosts, policy(), MAPPINGS), hosts, SCOPE));
    expect(clean).toContain('<div class="summary ok" id="summary" data-count="0">');
  });

  it('shows each host\'s foreign values with service and target in the report and JSON', () => {
    const hosts = messy();
    const v = computeVerdict(hosts, policy(), MAPPINGS);
    const html = renderHtmlReport(buildReport(v, hosts, SCOPE));
    expect(html).toContain('<code>cifs/fileserver01.lab.test</code> <span class="muted">(service cifs, target fileserver01.lab.test)</span>');
    const json = JSON.parse(renderVerifyJson(v)) as { hosts: Array<{ name: string; foreign: unknown[] }> };
    expect(json.hosts[0].foreign).toEqual([{ spn: 'cifs/fileserver01.lab.test', service: 'cifs', target: 'fileserver01.lab.test' }]);
    expect(renderVerifyText(v, PLAIN)).toContain('    not managed by kcdmesh: cifs/fileserver01.lab.test (service cifs, target fileserver01.lab.test)');
  });
});
